package io.canvass.events;

/** The channels a branch works, in the plan's order: hair salons, photo studios, then the others. */
public enum Channel {
    HAIR_SALON,
    PHOTO_STUDIO,
    DECORATION,
    GOVERNMENT,
    HOTEL,
    RESTAURANT,
    PUBLIC_DISPLAY,
    BEAUTY_SALON,
    COSMETICS_COUNTER,
    OTHER;

    /**
     * Whether work in {@code channel} belongs to a campaign of this channel: the same channel, or,
     * for {@link #OTHER} (the plan's "other channels" campaign), any channel after the photo studios.
     */
    public boolean includes(Channel channel) {
        return this == channel || this == OTHER && channel.ordinal() > PHOTO_STUDIO.ordinal();
    }

    /** Whether a salesperson working campaigns of both channels would work one channel twice. */
    public boolean overlaps(Channel other) {
        return includes(other) || other.includes(this);
    }
}
