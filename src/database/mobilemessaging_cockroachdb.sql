-- Mobile Messaging plugin schema, version 1 (cockroachdb). Applied by Openfire's plugin manager (and by the standalone
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
);
CREATE INDEX mmUploadFile_owner_idx ON mmUploadFile (owner);
CREATE INDEX mmUploadFile_expires_idx ON mmUploadFile (expiresAt);
CREATE INDEX mmUploadFile_state_idx ON mmUploadFile (uploadState, slotExpiresAt);

-- Bytes and files booked per owner (bare JID), open slots included; the row '*' sums everyone.
CREATE TABLE mmUploadUsage (
  owner         VARCHAR(255)  NOT NULL,
  bytes         BIGINT       NOT NULL,
  files         BIGINT       NOT NULL,
  CONSTRAINT mmUploadUsage_pk PRIMARY KEY (owner)
);
INSERT INTO mmUploadUsage (owner, bytes, files) VALUES ('*', 0, 0);

INSERT INTO ofVersion (name, version) VALUES ('mobilemessaging', 1);
