package io.canvass.query.engine;

import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** How far another instance's segments got, read from the tokens MongoTokenStore keeps. */
class StoredTokensTest {

    static Binary json(String text) {
        return new Binary(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reads_the_index_of_a_gap_aware_token_and_of_a_replay_token() {
        assertThat(StoredTokens.position(json("{\"index\":42,\"gaps\":[40]}"))).isEqualTo(42);
        assertThat(StoredTokens.position(json("{\"tokenAtReset\":{\"index\":90,\"gaps\":[]},"
                + "\"currentToken\":{\"index\":17,\"gaps\":[]},\"context\":null}"))).isEqualTo(17);
    }

    @Test
    void no_token_yet_is_before_the_first_event() {
        assertThat(StoredTokens.position(null)).isEqualTo(-1);
        assertThat(StoredTokens.position(json("{\"tokenAtReset\":null,\"currentToken\":null}"))).isEqualTo(-1);
        assertThat(StoredTokens.position(json("not json"))).isEqualTo(-1);
    }
}
