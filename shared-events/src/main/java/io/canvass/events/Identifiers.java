package io.canvass.events;

import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.InstallationId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.prospect.ProspectId;
import io.canvass.events.territory.DistrictId;
import io.canvass.events.territory.StreetId;

import java.util.Map;
import java.util.function.Function;

/**
 * The identifier value types and how each is made from its text, so that a JSON mapper can write
 * them as plain strings without this module knowing any JSON library.
 */
public final class Identifiers {

    private static final Map<Class<? extends Identifier>, Function<String, ? extends Identifier>> PARSERS = Map.of(
            DistrictId.class, DistrictId::new,
            StreetId.class, StreetId::new,
            ProspectId.class, ProspectId::new,
            ContractId.class, ContractId::new,
            PaymentId.class, PaymentId::new,
            InstallationId.class, InstallationId::new,
            UserId.class, UserId::new);

    private Identifiers() {
    }

    public static Map<Class<? extends Identifier>, Function<String, ? extends Identifier>> parsers() {
        return PARSERS;
    }

    /** The rule every identifier shares: 1 to 64 characters of letters, digits, '.', '_' or '-'. */
    public static String requireValid(String value, String what) {
        if (value == null || !value.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return value;
    }
}
