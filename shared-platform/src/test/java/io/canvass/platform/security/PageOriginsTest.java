package io.canvass.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.CorsFilter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side answers the web page's origin, and no other, when the page sends finance's
 * commands from the browser (canvass.security.page-origins); the whole way through a browser is
 * BrowserTest's finance tests.
 */
class PageOriginsTest {

    final CorsFilter cors = new CorsFilter(SecurityConfiguration.pageOrigins(List.of("http://localhost:8081")));

    MockHttpServletResponse preflight(String origin, String method, String headers) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("OPTIONS", "/api/finance/matches");
        request.addHeader("Origin", origin);
        request.addHeader("Access-Control-Request-Method", method);
        request.addHeader("Access-Control-Request-Headers", headers);
        MockHttpServletResponse response = new MockHttpServletResponse();
        cors.doFilter(request, response, new MockFilterChain());
        return response;
    }

    @Test
    void the_pages_origin_may_post_with_http_basic_but_no_cookies() throws Exception {
        MockHttpServletResponse answer = preflight("http://localhost:8081", "POST", "authorization,content-type");
        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getHeader("Access-Control-Allow-Origin")).isEqualTo("http://localhost:8081");
        assertThat(answer.getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(answer.getHeader("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void another_origin_or_method_is_refused() throws Exception {
        assertThat(preflight("http://evil.example", "POST", "authorization").getStatus()).isEqualTo(403);
        assertThat(preflight("http://localhost:8081", "DELETE", "authorization").getStatus()).isEqualTo(403);
    }
}
