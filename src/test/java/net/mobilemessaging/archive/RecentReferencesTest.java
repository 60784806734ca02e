package net.mobilemessaging.archive;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The filter between the keeper and the upload retention: each URL at most once a minute. */
class RecentReferencesTest {

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<List<String>> passedOn = new ArrayList<>();
    private final RecentReferences recent = new RecentReferences(passedOn::add, nanos::get);

    @Test
    void aUrlSeenAgainWithinTheWindowIsNotPassedOnAgain() {
        recent.accept(List.of("https://up.example/a.jpg"));
        for (int i = 0; i < 50; i++) {
            nanos.addAndGet(Duration.ofMillis(100).toNanos()); // a room's copies, one after another
            recent.accept(List.of("https://up.example/a.jpg"));
        }
        assertEquals(List.of(List.of("https://up.example/a.jpg")), passedOn);

        nanos.addAndGet(RecentReferences.WINDOW.toNanos());
        recent.accept(List.of("https://up.example/a.jpg"));
        assertEquals(2, passedOn.size(), "shared again later: kept for longer again");
    }

    @Test
    void onlyTheNewUrlsOfAMessageArePassedOn() {
        recent.accept(List.of("https://up.example/a.jpg"));
        recent.accept(List.of("https://up.example/a.jpg", "https://up.example/b.jpg", "https://up.example/b.jpg"));
        assertEquals(List.of(List.of("https://up.example/a.jpg"), List.of("https://up.example/b.jpg")), passedOn);
    }

    @Test
    void itRemembersABoundedNumberOfUrls() {
        for (int i = 0; i <= RecentReferences.CAPACITY; i++) {
            recent.accept(List.of("https://up.example/" + i));
        }
        recent.accept(List.of("https://up.example/0"));
        assertEquals(RecentReferences.CAPACITY + 2, passedOn.size(), "the eldest was forgotten");
        recent.accept(List.of("https://up.example/" + RecentReferences.CAPACITY));
        assertEquals(RecentReferences.CAPACITY + 2, passedOn.size(), "the newest was not");
    }
}
