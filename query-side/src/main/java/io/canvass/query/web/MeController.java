package io.canvass.query.web;

import io.canvass.query.platform.CanvassSettings;
import io.canvass.platform.web.NullWhen;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Who is signed in, and what the page shows them. */
@Tag(name = "Web page", description = "What the branch's web page asks of the query side.")
@RestController
class MeController {

    /** The views each role may open: the same as the API's rules for the figures they show. */
    static final Map<String, List<String>> VIEWS_BY_ROLE = Map.of(
            "MANAGER", List.of("coverage", "quota", "profit", "campaigns", "reconciliation"),
            "SALES", List.of("quota", "coverage"),
            "FINANCE", List.of("profit", "campaigns", "reconciliation", "settlement", "month"),
            "AUDITOR", List.of("reconciliation", "audit", "settlement", "month"));

    private final String locale;
    private final ZoneId zone;
    private final String commandUrl;

    MeController(WebPage.Settings page, CanvassSettings settings) {
        this.locale = page.locale();
        this.commandUrl = page.commandUrl();
        this.zone = settings.zone();
    }

    record Me(String userId, String role, List<String> views, String locale, String zone,
              @NullWhen("canvass.command-url is not set: the page sends no commands") String commandUrl) {
    }

    @Operation(summary = "Who is signed in", description = "The user, their role, the views of the web page that role may"
            + " open, the branch's language (canvass.locale) and time zone, and the command side's address where the"
            + " finance views send their commands (canvass.command-url). Any signed-in role.")
    @GetMapping("/api/me")
    Me me(Authentication user) {
        String role = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).findFirst().orElse("");
        return new Me(user.getName(), role, VIEWS_BY_ROLE.getOrDefault(role, List.of()), locale, zone.getId(), commandUrl);
    }
}
