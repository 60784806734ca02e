package net.mobilemessaging.admin;

import java.util.ArrayList;
import java.util.List;

/** Every page of the plugin's admin console: the overview of all sections, then each section's pages. */
public final class AdminConsole {

    public static final String OVERVIEW_URL = "/mobile-overview.jsp";
    /** The {@code adminconsole} item id of the overview in plugin.xml. */
    public static final String OVERVIEW_PAGE_ID = "mobilemessaging-overview";

    private AdminConsole() {
    }

    /**
     * @param version the plugin's version, shown on the overview
     */
    public static List<AdminPage> pages(List<AdminSection> sections, String version, Texts texts) {
        List<AdminPage> pages = new ArrayList<>();
        pages.add(new AdminPage(OVERVIEW_URL, new OverviewServlet(texts, version, sections)));
        for (AdminSection section : sections) {
            pages.addAll(section.pages());
        }
        return List.copyOf(pages);
    }
}
