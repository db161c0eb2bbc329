package io.canvass.platform.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * The rule for salespeople (docs/api.md#users-and-roles): they read and record their own work only;
 * the other roles anyone's.
 */
public final class OwnWork {

    private OwnWork() {
    }

    public static boolean isSales(Authentication user) {
        return user != null && user.getAuthorities().stream().anyMatch(a -> "ROLE_SALES".equals(a.getAuthority()));
    }

    /** Refuses (403) a salesperson asking for another salesperson's {@code what}. */
    public static void requireSelfIfSales(Authentication user, String salespersonId, String what) {
        if (isSales(user) && !user.getName().equals(salespersonId)) {
            throw new AccessDeniedException("a salesperson reads only their own " + what);
        }
    }
}
