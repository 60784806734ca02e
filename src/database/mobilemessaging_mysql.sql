-- Mobile Messaging plugin schema, version 2 (mysql). Applied by Openfire's plugin manager (and by the standalone
-- launcher) when the ofVersion row 'mobilemessaging' is missing. Times are milliseconds since the epoch.

-- One row per upload slot and, once uploaded, per file. uploadState: 0 reserved, 1 uploading, 2 stored.
CREATE TABLE mmUploadFile (
  slotId        VARCHAR(32)   NOT NULL,
  owner         VARCHAR(255)  NOT NULL,
  fileName      VARCHAR(1024) NOT NULL,
  fileSize      BIGINT       NOT NULL,
  contentType   VARCHAR(255)  NOT NULL,
  uploadState   INTEGER       NOT NULL,
  createdAt     BIGINT       NOT NULL,
  slotExpiresAt BIGINT       NOT NULL,
  storedAt      BIGINT       NULL,
  expiresAt     BIGINT       NULL,
  sha256        VARCHAR(64)   NULL,
  CONSTRAINT mmUploadFile_pk PRIMARY KEY (slotId)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX mmUploadFile_owner_idx ON mmUploadFile (owner);
CREATE INDEX mmUploadFile_expires_idx ON mmUploadFile (expiresAt);
CREATE INDEX mmUploadFile_state_idx ON mmUploadFile (uploadState, slotExpiresAt);

-- Bytes and files booked per owner (bare JID), open slots included; the row '*' sums everyone.
CREATE TABLE mmUploadUsage (
  owner         VARCHAR(255)  NOT NULL,
  bytes         BIGINT       NOT NULL,
  files         BIGINT       NOT NULL,
  CONSTRAINT mmUploadUsage_pk PRIMARY KEY (owner)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO mmUploadUsage (owner, bytes, files) VALUES ('*', 0, 0);

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

INSERT INTO ofVersion (name, version) VALUES ('mobilemessaging', 2);
