package io.canvass.command.settlement;

import io.canvass.events.Money;
import io.canvass.events.contract.ContractId;
import io.canvass.events.contract.PaymentId;
import io.canvass.events.contract.PaymentMethod;
import io.canvass.events.settlement.MatchedKind;
import io.canvass.events.settlement.MatchedPayment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link SettlementPayments} in PostgreSQL's {@code settlement_payment}, which a trigger keeps from the events (V10). */
@Component
class JdbcSettlementPayments implements SettlementPayments {

    private static final String COLUMNS = "select contract_id, kind, payment_id, method, amount, occurred_at, receipt_no"
            + " from settlement_payment";
    private static final RowMapper<Payment> ROW = (row, n) -> {
        MatchedKind kind = MatchedKind.valueOf(row.getString("kind"));
        String paymentId = row.getString("payment_id");
        String method = row.getString("method");
        return new Payment(new MatchedPayment(new ContractId(row.getString("contract_id")), kind,
                kind == MatchedKind.REFUND ? null : new PaymentId(paymentId), new Money(row.getBigDecimal("amount"))),
                method == null ? null : PaymentMethod.valueOf(method), row.getTimestamp("occurred_at").toInstant(),
                row.getString("receipt_no"));
    };

    private final JdbcTemplate jdbc;

    JdbcSettlementPayments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Payment> between(Set<PaymentMethod> methods, boolean refunds, java.time.Instant from,
                                 java.time.Instant to) {
        String[] names = methods.stream().map(Enum::name).toArray(String[]::new);
        return jdbc.query(COLUMNS + " where (method = any(?) or (? and kind = 'REFUND')) and occurred_at >= ?"
                        + " and occurred_at < ? order by occurred_at, contract_id, kind, payment_id",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar", names));
                    ps.setBoolean(2, refunds);
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                }, ROW);
    }

    @Override
    public List<Payment> withReceipt(Set<PaymentMethod> methods, Collection<String> receiptNos) {
        if (receiptNos.isEmpty()) {
            return List.of();
        }
        String[] names = methods.stream().map(Enum::name).toArray(String[]::new);
        String[] receipts = receiptNos.toArray(String[]::new);
        return jdbc.query(COLUMNS + " where receipt_no = any(?) and method = any(?)"
                        + " order by occurred_at, contract_id, kind, payment_id",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("varchar", receipts));
                    ps.setArray(2, ps.getConnection().createArrayOf("varchar", names));
                }, ROW);
    }

    @Override
    public Optional<Payment> find(ContractId contractId, MatchedKind kind, PaymentId paymentId) {
        return jdbc.query(COLUMNS + " where contract_id = ? and kind = ? and payment_id = ?", ROW, contractId.value(),
                kind.name(), paymentId == null ? "" : paymentId.value()).stream().findFirst();
    }
}
