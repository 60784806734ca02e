package net.mobilemessaging.upload;

import org.xmpp.packet.PacketError.Condition;
import org.xmpp.packet.PacketError.Type;

/**
 * Every way an upload can fail, with the XMPP error condition and type of the slot request and the HTTP status of
 * the PUT or GET. The IQ side and the HTTP side both answer from this one catalogue.
 */
public enum UploadError {

    // Slot requests (XEP-0363 §5 and §6).
    REQUESTER_NOT_ALLOWED(Condition.not_allowed, Type.cancel, 403,
            "Only users of this server may upload files"),
    BAD_REQUEST(Condition.bad_request, Type.modify, 400, "The request is malformed"),
    BAD_FILE_NAME(Condition.bad_request, Type.modify, 400, "The file name is not acceptable"),
    BAD_SIZE(Condition.bad_request, Type.modify, 400, "The size must be a positive whole number of bytes"),
    FILE_TOO_LARGE(Condition.not_acceptable, Type.modify, 413, "The file is too large"),
    BAD_CONTENT_TYPE(Condition.bad_request, Type.modify, 400, "The content type is not a valid media type"),
    CONTENT_TYPE_NOT_ALLOWED(Condition.not_acceptable, Type.modify, 415,
            "Files of this type may not be uploaded here"),
    QUOTA_EXCEEDED(Condition.resource_constraint, Type.wait, 413,
            "Your upload quota is used up; delete files or wait until old ones expire"),
    STORAGE_FULL(Condition.resource_constraint, Type.wait, 507, "The server's upload storage is full"),
    UNAVAILABLE(Condition.internal_server_error, Type.wait, 503, "The upload service is temporarily unavailable"),

    // The PUT (XEP-0363 §7).
    CREDENTIAL_INVALID(Condition.not_authorized, Type.auth, 403, "The upload credential is not valid for this URL"),
    SLOT_EXPIRED(Condition.not_authorized, Type.auth, 403, "The upload slot has expired; request a new one"),
    SLOT_USED(Condition.conflict, Type.cancel, 409, "A file has already been uploaded to this slot"),
    LENGTH_MISMATCH(Condition.bad_request, Type.modify, 400,
            "The Content-Length does not match the size of the slot"),
    LENGTH_TOO_LARGE(Condition.not_acceptable, Type.modify, 413,
            "The Content-Length is larger than the size of the slot"),
    TYPE_MISMATCH(Condition.bad_request, Type.modify, 400, "The Content-Type does not match the slot"),
    BODY_INCOMPLETE(Condition.bad_request, Type.modify, 400, "The upload ended before all bytes arrived"),
    DISK_FULL(Condition.resource_constraint, Type.wait, 507, "The server could not store the file"),

    // The GET.
    NOT_FOUND(Condition.item_not_found, Type.cancel, 404, "No such file");

    private final Condition condition;
    private final Type type;
    private final int httpStatus;
    private final String text;

    UploadError(Condition condition, Type type, int httpStatus, String text) {
        this.condition = condition;
        this.type = type;
        this.httpStatus = httpStatus;
        this.text = text;
    }

    public Condition condition() {
        return condition;
    }

    public Type type() {
        return type;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** A sentence for the user, sent as the error's {@code <text/>} or the HTTP body; never names a file or a JID. */
    public String text() {
        return text;
    }
}
