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
    OTHER
}
