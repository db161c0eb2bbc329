package io.canvass.events;

/** A person of the branch, by user name: a salesperson, an installer, a manager. */
public record UserId(String value) implements Identifier {

    public UserId {
        Identifier.requireValid(value, "user id");
    }

    @Override
    public String toString() {
        return value;
    }
}
