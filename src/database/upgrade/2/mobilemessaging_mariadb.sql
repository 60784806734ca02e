-- Mobile Messaging plugin schema, upgrade to version 2 (mariadb): push registrations.

-- XEP-0357 push registrations: one per device (and room), found by node. secretHash is the hex SHA-256 of the
-- secret handed to the client; token is the provider's device address (Web Push: the endpoint URL).
CREATE TABLE mmPushRegistration (
  node          VARCHAR(64)   NOT NULL,
  secretHash    VARCHAR(64)   NOT NULL,
  owner         VARCHAR(255)  NOT NULL,
  deviceId      VARCHAR(255)  NOT NULL,
  muc           VARCHAR(1024) NULL,
  appId         VARCHAR(255)  NOT NULL,
  provider      VARCHAR(16)   NOT NULL,
  token         VARCHAR(2048) NOT NULL,
  p256dh        VARCHAR(255) NULL,
  authSecret    VARCHAR(255) NULL,
  knockToken    VARCHAR(64)   NOT NULL,
  createdAt     BIGINT       NOT NULL,
  lastUsedAt    BIGINT       NOT NULL,
  CONSTRAINT mmPushRegistration_pk PRIMARY KEY (node)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX mmPushRegistration_owner_idx ON mmPushRegistration (owner);
CREATE UNIQUE INDEX mmPushRegistration_knock_idx ON mmPushRegistration (knockToken);
CREATE INDEX mmPushRegistration_used_idx ON mmPushRegistration (lastUsedAt);

UPDATE ofVersion SET version = 2 WHERE name = 'mobilemessaging';
