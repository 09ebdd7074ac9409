package dev.taskmill.domain;

/**
 * Why a task ended in {@code error} (or was {@code skipped}): one stable code per cause, the
 * {@code code} of the task report's {@code error} object, which clients may test.
 */
public enum ErrorCode {
    /** The operation threw. */
    OPERATION_FAILED("TMK0001", "The operation failed"),
    /** The task ran past the time limit of its call. */
    TIME_LIMIT_EXCEEDED("TMK0002", "The task exceeded its time limit"),
    /** The node running the task went unheard for longer than the node timeout. */
    NODE_LOST("TMK0003", "The node running the task was lost"),
    /** The server stopped while the task ran, and its operation is not safe to run again. */
    SERVER_STOPPED("TMK0004", "The server stopped while the task ran"),
    /** A task it depended on did not finish, so it never ran. */
    PREDECESSOR_FAILED("TMK0005", "A task this task depended on did not finish");

    private final String code;
    private final String summary;

    ErrorCode(String code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    /** The code on the wire, such as {@code TMK0002}. */
    public String code() {
        return code;
    }

    /** What the code means, as a sentence without its final stop. */
    public String summary() {
        return summary;
    }

    /**
     * Parses a code such as {@code TMK0002}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static ErrorCode fromCode(String code) {
        for (ErrorCode value : values()) {
            if (value.code.equals(code)) {
                return value;
            }
        }
        throw new IllegalArgumentException("Unknown error code '" + code + "'");
    }
}
