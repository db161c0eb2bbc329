package io.canvass.events.settlement;

import io.canvass.events.Identifier;

/**
 * A statement line's own id in its source: the bank's serial number, WeChat Pay's or Alipay's
 * transaction number, the deposit slip's number. Unique within its source only.
 */
public record StatementLineId(String value) implements Identifier {

    public StatementLineId {
        Identifier.requireValid(value, "statement line id");
    }

    @Override
    public String toString() {
        return value;
    }
}
