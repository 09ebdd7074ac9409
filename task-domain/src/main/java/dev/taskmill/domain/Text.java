package dev.taskmill.domain;

/** Checks shared by the textual value objects of the domain. */
final class Text {

    static final int MAX_LENGTH = 255;

    private Text() {
    }

    /**
     * Returns {@code value} if it has 1 to 255 characters and no control characters.
     *
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    static String requireShortText(String value, String what) {
        return requireText(value, what, MAX_LENGTH);
    }

    /**
     * Returns {@code value} if it has 1 to {@code maxLength} characters and no control characters.
     *
     * @throws IllegalArgumentException naming {@code what} otherwise
     */
    static String requireText(String value, String what, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters");
            }
        }
        return value;
    }
}
