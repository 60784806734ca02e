-- Mobile Messaging plugin schema, version 2 (oracle). Applied by Openfire's plugin manager (and by the standalone
-- launcher) when the ofVersion row 'mobilemessaging' is missing. Times are milliseconds since the epoch.

-- One row per upload slot and, once uploaded, per file. uploadState: 0 reserved, 1 uploading, 2 stored.
CREATE TABLE mmUploadFile (
  slotId        VARCHAR2(32)   NOT NULL,
  owner         VARCHAR2(255)  NOT NULL,
  fileName      VARCHAR2(1024) NOT NULL,
  fileSize      NUMBER(19)       NOT NULL,
  contentType   VARCHAR2(255)  NOT NULL,
  uploadState   INTEGER       NOT NULL,
  createdAt     NUMBER(19)       NOT NULL,
  slotExpiresAt NUMBER(19)       NOT NULL,
  storedAt      NUMBER(19),
  expiresAt     NUMBER(19),
  sha256        VARCHAR2(64),
  CONSTRAINT mmUploadFile_pk PRIMARY KEY (slotId)
);
CREATE INDEX mmUploadFile_owner_idx ON mmUploadFile (owner);
CREATE INDEX mmUploadFile_expires_idx ON mmUploadFile (expiresAt);
CREATE INDEX mmUploadFile_state_idx ON mmUploadFile (uploadState, slotExpiresAt);

-- Bytes and files booked per owner (bare JID), open slots included; the row '*' sums everyone.
CREATE TABLE mmUploadUsage (
  owner         VARCHAR2(255)  NOT NULL,
  bytes         NUMBER(19)       NOT NULL,
  files         NUMBER(19)       NOT NULL,
  CONSTRAINT mmUploadUsage_pk PRIMARY KEY (owner)
);
INSERT INTO mmUploadUsage (owner, bytes, files) VALUES ('*', 0, 0);

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

INSERT INTO ofVersion (name, version) VALUES ('mobilemessaging', 2);
