package net.mobilemessaging.upload;

import java.time.Instant;

/**
 * What the database knows of one slot and, once uploaded, its file.
 *
 * @param owner     the bare JID of the uploader
 * @param stored    when the upload completed; null before
 * @param expires   when the file is deleted; null keeps it forever
 * @param sha256    hex SHA-256 of the content, computed while streaming; null before the upload completed
 */
public record UploadRecord(String slotId, String owner, String fileName, long size, String contentType,
                           State state, Instant created, Instant slotExpires, Instant stored, Instant expires,
                           String sha256) {

    /** Where a slot is in its life; stored in the database as the ordinal's code. */
    public enum State {
        /** Issued to a client; counts against its quota; no PUT yet. */
        RESERVED(0),
        /** A PUT is streaming into a temporary file. */
        UPLOADING(1),
        /** The file is complete and served. */
        STORED(2);

        final int code;

        State(int code) {
            this.code = code;
        }

        static State of(int code) {
            for (State s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("Unknown upload state " + code);
        }
    }

    /** A new slot, before it is reserved. */
    public static UploadRecord reserved(String slotId, String owner, String fileName, long size, String contentType,
                                        Instant created, Instant slotExpires) {
        return new UploadRecord(slotId, owner, fileName, size, contentType, State.RESERVED, created, slotExpires,
                null, null, null);
    }

    public boolean isExpired(Instant now) {
        return expires != null && !expires.isAfter(now);
    }
}
