package net.mobilemessaging.upload;

import net.mobilemessaging.db.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps uploads alive while messages link to them: told the URLs of each media message (on the stanza's thread),
 * it extends the expiry of those that are our uploads, on its own thread, so that stanza routing never waits for
 * the database. When it falls behind, URLs are dropped (the file then keeps its original expiry).
 */
public final class UploadRetention implements Consumer<List<String>>, AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(UploadRetention.class);

    private final Supplier<UploadService> service;
    private final ThreadPoolExecutor worker;

    /** @param service the running upload service, or null while there is none */
    public UploadRetention(Supplier<UploadService> service) {
        this.service = service;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000),
                r -> {
                    Thread t = new Thread(r, "mobilemessaging-upload-retention");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> Log.debug("Upload retention queue full; an expiry was not extended"));
    }

    @Override
    public void accept(List<String> urls) {
        if (!worker.isShutdown()) {
            worker.execute(() -> keep(urls));
        }
    }

    private void keep(List<String> urls) {
        UploadService s = service.get();
        if (s == null) {
            return;
        }
        for (String url : urls) {
            try {
                s.keepReferenced(url);
            } catch (DatabaseException e) {
                Log.warn("Could not extend the expiry of a shared upload: {}", e.getMessage());
            }
        }
    }

    /** Finishes what is queued (briefly) and stops the thread. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
