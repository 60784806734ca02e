package net.mobilemessaging.upload;

import org.xmpp.packet.JID;

import java.math.BigInteger;

/**
 * Every check a slot request must pass before a slot is issued, in one place and in this order: the requester, the
 * file name, the size, the content type. Quotas follow in {@link UploadLedger#reserve}, which checks and books
 * atomically. Pure and allocation-light: this runs on every slot request.
 */
public final class SlotPolicy {

    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private final LocalAccounts accounts;

    public SlotPolicy(LocalAccounts accounts) {
        this.accounts = accounts;
    }

    /** An accepted request: the size as a number and the content type normalised. */
    public record Accepted(String fileName, long size, String contentType) {
    }

    /** The result of {@link #check}: exactly one of {@code accepted} and {@code error} is set. */
    public record Decision(Accepted accepted, UploadError error, String detail) {
        static Decision refuse(UploadError error, String detail) {
            return new Decision(null, error, detail);
        }
    }

    public Decision check(JID requester, SlotRequest request, UploadSettings settings) {
        if (requester == null || requester.getNode() == null
                || !(settings.isExtraDomain(requester.getDomain()) || accounts.isLocalAccount(requester))) {
            return Decision.refuse(UploadError.REQUESTER_NOT_ALLOWED, null);
        }
        String nameProblem = FileNames.problem(request.fileName(), settings.maxFileNameLength());
        if (nameProblem != null) {
            return Decision.refuse(UploadError.BAD_FILE_NAME, nameProblem);
        }
        long size = parseSize(request.size());
        if (size == 0) {
            return Decision.refuse(UploadError.BAD_SIZE, null);
        }
        if (size < 0 || size > settings.maxFileSize()) {
            return Decision.refuse(UploadError.FILE_TOO_LARGE, null);
        }
        String type = request.contentType() == null || request.contentType().isBlank()
                ? ContentTypes.DEFAULT : request.contentType().trim();
        if (!ContentTypes.isWellFormed(type)) {
            return Decision.refuse(UploadError.BAD_CONTENT_TYPE, null);
        }
        type = ContentTypes.normalise(type);
        if (!ContentTypes.matchesAny(type, settings.allowedTypes())
                || ContentTypes.matchesAny(type, settings.deniedTypes())) {
            return Decision.refuse(UploadError.CONTENT_TYPE_NOT_ALLOWED, null);
        }
        return new Decision(new Accepted(request.fileName(), size, type), null, null);
    }

    /**
     * The size as a positive long; 0 when it is missing, not a whole number or not positive; -1 when it is a
     * positive whole number too large for a long (which is simply a file too large).
     */
    static long parseSize(String text) {
        if (text == null) {
            return 0;
        }
        String t = text.trim();
        int firstSignificant = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            if (c == '0' && firstSignificant == i) {
                firstSignificant++;
            }
        }
        String digits = t.substring(firstSignificant);
        if (digits.isEmpty()) {
            return 0;
        }
        if (digits.length() > 19) {
            return -1;
        }
        if (digits.length() < 19) {
            return Long.parseLong(digits);
        }
        BigInteger value = new BigInteger(digits);
        return value.compareTo(MAX_LONG) > 0 ? -1 : value.longValue();
    }
}
