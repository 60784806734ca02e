-- Mobile Messaging plugin schema, upgrade to version 2 (oracle): push registrations.

-- XEP-0357 push registrations: one per device (and room), found by node. secretHash is the hex SHA-256 of the
-- secret handed to the client; token is the provider's device address (Web Push: the endpoint URL).
CREATE TABLE mmPushRegistration (
  node          VARCHAR2(64)   NOT NULL,
  secretHash    VARCHAR2(64)   NOT NULL,
  owner         VARCHAR2(255)  NOT NULL,
  deviceId      VARCHAR2(255)  NOT NULL,
  muc           VARCHAR2(1024),
  appId         VARCHAR2(255)  NOT NULL,
  provider      VARCHAR2(16)   NOT NULL,
  token         VARCHAR2(2048) NOT NULL,
  p256dh        VARCHAR2(255),
  authSecret    VARCHAR2(255),
  knockToken    VARCHAR2(64)   NOT NULL,
  createdAt     NUMBER(19)       NOT NULL,
  lastUsedAt    NUMBER(19)       NOT NULL,
  CONSTRAINT mmPushRegistration_pk PRIMARY KEY (node)
);
CREATE INDEX mmPushRegistration_owner_idx ON mmPushRegistration (owner);
CREATE UNIQUE INDEX mmPushRegistration_knock_idx ON mmPushRegistration (knockToken);
CREATE INDEX mmPushRegistration_used_idx ON mmPushRegistration (lastUsedAt);

UPDATE ofVersion SET version = 2 WHERE name = 'mobilemessaging';
