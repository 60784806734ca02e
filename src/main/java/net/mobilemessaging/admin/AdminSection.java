package net.mobilemessaging.admin;

import java.util.List;

/**
 * One feature's part of the admin console: its line on the overview and its own pages. The upload service is one
 * ({@link UploadSection}); the media archive, client state and push features each add theirs, plus an item in the
 * {@code adminconsole} section of plugin.xml whose id their pages name as {@code pageID}.
 */
public interface AdminSection {

    /** The feature's state now, for the overview; may do quick I/O (a database read, a loopback request). */
    ServiceStatus status();

    /** The feature's pages; the first is the one the overview links to. */
    List<AdminPage> pages();
}
