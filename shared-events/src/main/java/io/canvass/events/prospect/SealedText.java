package io.canvass.events.prospect;

/**
 * A personal field of a prospect (the contact's name or phone) as it is stored: sealed with that
 * prospect's own key ({@code aes-gcm:v1:...}), so that destroying the key erases the field from the
 * event store, the read models and every copy at once, while the event, its hash and every figure
 * stay. Fields recorded before sealing existed (ProspectRecorded revision 1) read as
 * {@code clear:...}: they cannot be erased from the store, only hidden. Never shows its content in
 * {@link #toString}, so a logged event leaks nothing.
 */
public record SealedText(String value) {

    public static final String SEALED = "aes-gcm:v1:";
    public static final String CLEAR = "clear:";

    public SealedText {
        if (value == null || !(value.startsWith(SEALED) || value.startsWith(CLEAR))) {
            throw new IllegalArgumentException("a personal field is stored sealed (" + SEALED + "...) or, if recorded"
                    + " before sealing, in the clear (" + CLEAR + "...)");
        }
    }

    /** A field recorded in the clear, before sealing existed; null stays null. */
    public static SealedText clear(String text) {
        return text == null ? null : new SealedText(CLEAR + text);
    }

    public boolean isSealed() {
        return value.startsWith(SEALED);
    }

    /** The text of a field recorded in the clear. */
    public String clearText() {
        if (isSealed()) {
            throw new IllegalStateException("a sealed field is opened with its prospect's key");
        }
        return value.substring(CLEAR.length());
    }

    @Override
    public String toString() {
        return isSealed() ? "SealedText[sealed]" : "SealedText[clear]";
    }
}
