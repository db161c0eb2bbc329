package io.canvass.events.contract;

import io.canvass.events.Money;

/**
 * A contract's status, derived the one way every side must agree on (docs/domain.md#contract-status).
 */
public enum ContractStatus {
    SIGNED,
    DEPOSIT_PAID,
    INSTALLING,
    INSTALLED,
    COMPLETED,
    CANCELLED;

    /**
     * The status of a contract with these figures. {@code outstanding} is contract value minus
     * deposits and balances collected.
     */
    public static ContractStatus of(boolean cancelled, int units, int unitsInstalled,
                                    Money depositRequired, Money depositCollected, Money outstanding) {
        if (cancelled) {
            return CANCELLED;
        }
        if (unitsInstalled >= units) {
            return outstanding.isPositive() ? INSTALLED : COMPLETED;
        }
        if (unitsInstalled > 0) {
            return INSTALLING;
        }
        return depositCollected.compareTo(depositRequired) >= 0 ? DEPOSIT_PAID : SIGNED;
    }

    /** Cancelled and completed contracts take no further deposits, installations or payments. */
    public boolean isClosed() {
        return this == CANCELLED || this == COMPLETED;
    }
}
