package dev.taskmill.domain;

/** Base of the exceptions by which the domain refuses something. */
public abstract class TaskDomainException extends RuntimeException {

    protected TaskDomainException(String message) {
        super(message);
    }
}
