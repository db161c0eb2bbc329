package io.canvass.query.engine;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event's stored position, told from the gap-aware tokens before and after it (found when the
 * chain was sealed apart, issue 16: a contract's fact carried the highest position seen, not its own,
 * when its command committed after a later one).
 */
class EventPositionTest {

    static GapAwareTrackingToken token(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, new TreeSet<>(List.of(gaps)));
    }

    @Test
    void the_index_when_the_event_moved_it_on_and_the_gap_when_it_filled_one() {
        GapAwareTrackingToken t10 = token(10);
        GapAwareTrackingToken t12 = t10.advanceTo(12, 10_000); // 11 not committed yet: a gap
        assertThat(t12.getGaps()).containsExactly(11L);
        assertThat(Projections.positionOf(t10, t12)).isEqualTo(12);
        GapAwareTrackingToken t11 = t12.advanceTo(11, 10_000); // 11 committed after 12 was read
        assertThat(t11.getIndex()).isEqualTo(12);
        assertThat(Projections.positionOf(t12, t11)).isEqualTo(11);
        assertThat(Projections.positionOf(t11, t11.advanceTo(13, 10_000))).isEqualTo(13);
        // through a replay's wrapper as well
        TrackingToken replaying = ReplayToken.createReplayToken(token(100), t12);
        assertThat(Projections.positionOf(ReplayToken.createReplayToken(token(100), t10), replaying)).isEqualTo(12);
    }

    @Test
    void what_the_tokens_cannot_tell_is_unknown_and_looked_up() {
        GapAwareTrackingToken t10 = token(10);
        // no token before (the first event of a batch)
        assertThat(Projections.positionOf(null, token(12, 11L))).isEqualTo(Projections.UNKNOWN);
        // an event no handler takes moved the index to 12 (gap 11), then 11 arrived: the index alone says 12
        GapAwareTrackingToken afterBoth = t10.advanceTo(12, 10_000).advanceTo(11, 10_000);
        assertThat(Projections.positionOf(t10, afterBoth)).isEqualTo(Projections.UNKNOWN);
        // two gaps filled between the tokens
        assertThat(Projections.positionOf(token(12, 8L, 9L), token(12))).isEqualTo(Projections.UNKNOWN);
        // and a plain sequence token tells its own position
        assertThat(Projections.positionOf(null, new GlobalSequenceTrackingToken(7))).isEqualTo(7);

        Projector.Delivery unknown = new Projector.Delivery("e", 0, Instant.EPOCH, Projections.UNKNOWN, "s", "id-1", "E", null);
        Projector.Delivery known = new Projector.Delivery("e", 1, Instant.EPOCH, 5, "s", "id-2", "E", null);
        List<Projector.Delivery> resolved = Projections.resolved(List.of(unknown, known), ids -> {
            assertThat(ids).containsExactly("id-1");
            return Map.of("id-1", 11L);
        });
        assertThat(resolved).extracting(Projector.Delivery::position).containsExactly(11L, 5L);
    }
}
