package io.canvass.platform.security;

import jakarta.servlet.http.HttpServletRequest;

import java.util.List;

/**
 * An app that serves pages to people (the query side's web page) declares one bean of this: its
 * pages get a sign-in form and a session (a cookie, HttpOnly and SameSite=Strict, so no other site
 * can ride it), and a page someone may not open is an HTML 403. The API keeps HTTP Basic for
 * machines, and answers a page's own requests, which carry the session, by the same route rules.
 *
 * @param loginPage  the sign-in form's path (GET shows it, POST signs in)
 * @param pagePaths  the paths of pages: without a session they redirect to the sign-in form
 */
public record SignInPage(String loginPage, List<String> pagePaths) {

    public SignInPage {
        pagePaths = List.copyOf(pagePaths);
    }

    /** Whether a request is for one of the pages (not the API). */
    public boolean isPage(HttpServletRequest request) {
        return pagePaths.contains(request.getServletPath());
    }
}
