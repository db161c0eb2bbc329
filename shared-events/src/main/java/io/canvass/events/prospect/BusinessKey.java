package io.canvass.events.prospect;

import java.util.Locale;

/**
 * What makes two prospects the same business (docs/domain.md#prospects: "the same business is not recorded
 * twice"): its name at its address, ignoring case and spacing, so that a field app's
 * "Lily  Salon" and "lily salon" are one shop.
 */
public record BusinessKey(String value) {

    public static BusinessKey of(String businessName, String address) {
        return new BusinessKey(normalize(businessName) + "|" + normalize(address));
    }

    private static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
