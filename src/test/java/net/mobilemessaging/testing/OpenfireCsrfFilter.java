package net.mobilemessaging.testing;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What Openfire 5.1.1's {@code PluginServlet.service} does for a plugin with {@code csrfProtectionEnabled}, in front
 * of the pages, since the tests cannot run Openfire: a GET always passes; any other method passes only when its
 * {@code csrf} parameter equals the session's {@code csrf} attribute, and otherwise is redirected to the same URI
 * without reaching the page. Before every request that reaches a page, a fresh random token goes into the session
 * attribute and the request attribute {@code csrf}.
 */
public final class OpenfireCsrfFilter implements Filter {

    private static final String CSRF = "csrf";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger refused = new AtomicInteger();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        if (!req.getMethod().equals("GET")) {
            Object expected = req.getSession().getAttribute(CSRF);
            if (expected == null || !expected.equals(req.getParameter(CSRF))) {
                refused.incrementAndGet();
                ((HttpServletResponse) response).sendRedirect(req.getRequestURI());
                return;
            }
        }
        // As Openfire's StringUtils.randomString(32).
        StringBuilder token = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        req.getSession().setAttribute(CSRF, token.toString());
        req.setAttribute(CSRF, token.toString());
        chain.doFilter(request, response);
    }

    /** How many requests were turned away for a missing or wrong token. */
    public int refused() {
        return refused.get();
    }
}
