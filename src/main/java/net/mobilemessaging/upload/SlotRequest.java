package net.mobilemessaging.upload;

/**
 * A slot request as the client sent it, in any of the supported protocol versions. Every field is raw client text
 * (null when absent); {@link SlotPolicy} decides whether it is acceptable.
 */
public record SlotRequest(String fileName, String size, String contentType, UploadProtocol protocol) {
}
