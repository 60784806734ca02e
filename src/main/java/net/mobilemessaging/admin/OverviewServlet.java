package net.mobilemessaging.admin;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The overview page: every service's state, read afresh on each request. */
final class OverviewServlet extends AdminServlet {

    private static final long serialVersionUID = 1L;

    private final String version;
    private final transient List<AdminSection> sections;

    OverviewServlet(Texts texts, String version, List<AdminSection> sections) {
        super(texts);
        this.version = version;
        this.sections = List.copyOf(sections);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<ServiceStatus> services = new ArrayList<>();
        for (AdminSection section : sections) {
            services.add(section.status());
        }
        send(resp, OverviewPage.render(texts, version, services));
    }
}
