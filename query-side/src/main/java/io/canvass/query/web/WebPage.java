package io.canvass.query.web;

import io.canvass.platform.security.SignInPage;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;

/**
 * The branch's web page, served by the query side itself: one page (static/app.html and its assets,
 * ECharts from its WebJar; nothing from outside), a view per dashboard at its own path so that
 * who may open which is the API's rule for the same figures (QueryRoutes).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebPage.Settings.class)
public class WebPage {

    /**
     * @param locale     the page's language until a user switches it: {@code zh-CN} or {@code en}
     * @param commandUrl the command side's address as the browser reaches it, where the finance views
     *                   send their commands (the command side lists this page's origin in
     *                   {@code canvass.security.page-origins}); none: the page sends no commands
     */
    @Validated
    @ConfigurationProperties("canvass")
    public record Settings(@Pattern(regexp = "zh-CN|en", message = "must be zh-CN or en") String locale,
                           @Pattern(regexp = "https?://[^/\\s]+(/[^\\s]*[^/\\s])?", message = "must be an address"
                                   + " such as https://commands.canvass.example or http://localhost:8080, without a"
                                   + " trailing /") String commandUrl) {
        public Settings {
            locale = locale == null ? "zh-CN" : locale;
        }
    }

    /** Each view's path. */
    public static final List<String> VIEWS = List.of("/coverage", "/quota", "/profit", "/campaigns", "/reconciliation",
            "/audit", "/settlement", "/month");

    @Bean
    public SignInPage signInPage() {
        List<String> pages = new java.util.ArrayList<>(List.of("/", "/app.html"));
        pages.addAll(VIEWS);
        return new SignInPage("/login", pages);
    }

    /** Every view is the same page; it draws the view its path names. Pages, not API: not in the OpenAPI document. */
    @Hidden
    @Controller
    static class Views {

        private final Settings settings;

        Views(Settings settings) {
            this.settings = settings;
        }

        @GetMapping({"/", "/coverage", "/quota", "/profit", "/campaigns", "/reconciliation", "/audit",
                "/settlement", "/month"})
        String view() {
            return "forward:/app.html";
        }

        @GetMapping("/login")
        String login() {
            return "forward:/login.html";
        }

        /** Browsers ask for it wherever a page names no icon (the HTML 403 page): the same icon, not a 404. */
        @GetMapping("/favicon.ico")
        String icon() {
            return "forward:/assets/icon.svg";
        }

        /** The branch's language (canvass.locale), for pages that open before anyone signs in. */
        @GetMapping(value = "/locale.js", produces = "text/javascript")
        @ResponseBody
        String locale() {
            return "window.CANVASS_DEFAULT_LANG = " + (settings.locale().equals("en")
                    ? "\"en\"" : "\"zh-CN\"") + ";\n";
        }
    }
}
