package dev.shadowpipeline.store;

/**
 * The database could not be reached or refused an operation. Messages name the database by its URL with any
 * password removed.
 */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
