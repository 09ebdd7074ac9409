package dev.taskmill.adapter.rest.resource;

/** Thrown when a request is refused before it reaches a use case: a bad field, parameter or body. */
public class InvalidRequestException extends RuntimeException {

    static final int BAD_REQUEST = 400;
    static final int PAYLOAD_TOO_LARGE = 413;

    private final int status;

    private InvalidRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static InvalidRequestException badRequest(String message) {
        return new InvalidRequestException(BAD_REQUEST, message);
    }

    public static InvalidRequestException tooLarge(String message) {
        return new InvalidRequestException(PAYLOAD_TOO_LARGE, message);
    }

    /** The HTTP status the request is refused with. */
    public int status() {
        return status;
    }
}
