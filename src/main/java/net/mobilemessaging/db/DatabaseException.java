package net.mobilemessaging.db;

/** The database could not do what was asked; the caller answers "try again later" and nothing was changed. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
