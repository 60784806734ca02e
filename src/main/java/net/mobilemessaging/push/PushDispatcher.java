package net.mobilemessaging.push;

import net.mobilemessaging.db.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Delivers pushes for registrations, never on the caller's thread.
 * <ul>
 * <li>Coalescing per node: the first push of a burst goes at once; later ones within the node interval are merged
 *     (the latest content wins, an alert outranks a background push) and go once, when the interval ends.</li>
 * <li>Provider answers: accepted pushes mark the registration used (in batches); a dead token deletes the
 *     registration and tells the user's server; transient failures are retried with exponential backoff honouring
 *     Retry-After, up to {@value #ATTEMPTS} attempts; permanent rejections are counted and logged, not retried.</li>
 * <li>A provider that keeps failing is "troubled" for a while, so that publishes can be answered 'wait'.</li>
 * </ul>
 */
public final class PushDispatcher {

    private static final Logger Log = LoggerFactory.getLogger(PushDispatcher.class);
    static final int ATTEMPTS = 5;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Function<Provider, PushSender> senders;
    private final Function<String, AppCredentials> apps;
    private final RegistrationStore store;
    private final Consumer<Registration> tokenDied;
    private final ScheduledExecutorService scheduler;
    private final Supplier<PushSettings> settings;
    private final PushStats stats;
    private final Clock clock;

    /** Per node: when its last push went and what waits to go next. Entries go once idle. */
    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    /** Nodes that got a push since the last touch; written to the database once a minute. */
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    /** Per provider: until when it counts as troubled. */
    private final Map<Provider, Instant> troubledUntil = new ConcurrentHashMap<>();

    /**
     * @param tokenDied told of a registration whose token the provider declared dead, after it was deleted, so
     *                  that the user's server can be told (XEP-0357 §8)
     */
    public PushDispatcher(Function<Provider, PushSender> senders, Function<String, AppCredentials> apps,
                          RegistrationStore store, Consumer<Registration> tokenDied,
                          ScheduledExecutorService scheduler, Supplier<PushSettings> settings, PushStats stats,
                          Clock clock) {
        this.senders = senders;
        this.apps = apps;
        this.store = store;
        this.tokenDied = tokenDied;
        this.scheduler = scheduler;
        this.settings = settings;
        this.stats = stats;
        this.clock = clock;
        scheduler.scheduleWithFixedDelay(this::flushUse, 1, 1, TimeUnit.MINUTES);
    }

    private static final class NodeState {
        Instant lastSent = Instant.MIN;
        Pending pending;
        boolean timerSet;
    }

    private record Pending(Registration registration, PushContent content, PushKind kind) {
    }

    /** Queues a push for {@code registration}; returns at once. */
    public void submit(Registration registration, PushContent content, PushKind kind) {
        Duration interval = settings.get().nodeInterval();
        Instant now = clock.instant();
        NodeState state = nodes.computeIfAbsent(registration.node(), n -> new NodeState());
        Pending sendNow = null;
        synchronized (state) {
            if (state.pending == null && !state.timerSet && !now.isBefore(state.lastSent.plus(interval))) {
                state.lastSent = now;
                sendNow = new Pending(registration, content, kind);
            } else {
                PushKind merged = state.pending != null && rank(state.pending.kind) > rank(kind)
                        ? state.pending.kind : kind;
                state.pending = new Pending(registration, content, merged);
                if (!state.timerSet) {
                    state.timerSet = true;
                    long delay = Math.max(0, Duration.between(now, state.lastSent.plus(interval)).toMillis());
                    scheduler.schedule(() -> releasePending(state), delay, TimeUnit.MILLISECONDS);
                }
            }
        }
        if (sendNow != null) {
            Pending p = sendNow;
            scheduler.execute(() -> deliver(p.registration, p.content, p.kind, 1));
        }
    }

    private static int rank(PushKind kind) {
        return switch (kind) {
            case VOIP -> 3;
            case ALERT -> 2;
            case BACKGROUND -> 1;
        };
    }

    private void releasePending(NodeState state) {
        Pending p;
        synchronized (state) {
            p = state.pending;
            state.pending = null;
            state.timerSet = false;
            state.lastSent = clock.instant();
        }
        if (p != null) {
            deliver(p.registration, p.content, p.kind, 1);
        }
    }

    private void deliver(Registration registration, PushContent content, PushKind kind, int attempt) {
        AppCredentials app = apps.apply(registration.appId());
        if (app == null) {
            stats.count(registration.provider(), PushStats.Outcome.REJECTED);
            stats.error(registration.provider(), registration.appId(), "the app is not configured any more");
            return;
        }
        PushSender sender = senders.apply(registration.provider());
        if (sender == null) {
            stats.count(registration.provider(), PushStats.Outcome.FAILED);
            stats.error(registration.provider(), registration.appId(), "no sender for this provider");
            return;
        }
        PushSettings s = settings.get();
        PushKind effective = kind == PushKind.VOIP && !app.apnsVoip() ? PushKind.ALERT : kind;
        Push push = new Push(app, registration.token(), registration.p256dh(), registration.authSecret(), effective,
                redact(content, s), registration.node().substring(0, Math.min(16, registration.node().length())),
                clock.instant().plus(s.pushLifetime()), registration.appData());
        sender.send(push).whenComplete((result, failure) -> {
            if (failure != null) {
                retryOrGiveUp(registration, content, kind, attempt, null, describe(failure));
            } else {
                handle(registration, content, kind, attempt, result);
            }
        });
    }

    /** Bodies and senders leave only if the operator allows it. */
    static PushContent redact(PushContent c, PushSettings s) {
        if ((c.lastMessageBody() == null || s.includeBody()) && (c.lastMessageSender() == null || s.includeSender())) {
            return c;
        }
        return new PushContent(c.messageCount(), s.includeSender() ? c.lastMessageSender() : null,
                s.includeBody() ? c.lastMessageBody() : null, c.pendingSubscriptions(), c.encryptedPayload(),
                c.encryptionIv(), c.highPriority());
    }

    private void handle(Registration registration, PushContent content, PushKind kind, int attempt,
                        PushResult result) {
        Provider provider = registration.provider();
        switch (result.status()) {
            case ACCEPTED -> {
                stats.count(provider, PushStats.Outcome.SENT);
                used.add(registration.node());
                troubledUntil.remove(provider);
            }
            case TOKEN_DEAD -> {
                stats.count(provider, PushStats.Outcome.REJECTED);
                stats.error(provider, registration.appId(), "device token no longer valid: " + result.reason());
                try {
                    if (store.delete(registration.node())) {
                        tokenDied.accept(registration);
                    }
                } catch (DatabaseException e) {
                    Log.warn("A dead push registration could not be deleted yet", e);
                }
            }
            case REJECTED -> {
                stats.count(provider, PushStats.Outcome.REJECTED);
                stats.error(provider, registration.appId(), "rejected (" + result.httpStatus() + "): "
                        + result.reason());
                Log.debug("Push rejected by {}: {} {}", provider, result.httpStatus(), result.reason());
            }
            case RETRY_LATER -> retryOrGiveUp(registration, content, kind, attempt, result.retryAfter(),
                    result.httpStatus() + " " + result.reason());
        }
    }

    private void retryOrGiveUp(Registration registration, PushContent content, PushKind kind, int attempt,
                               Duration retryAfter, String why) {
        Provider provider = registration.provider();
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 20));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        Duration wait = retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
        troubledUntil.put(provider, clock.instant().plus(wait));
        if (attempt >= ATTEMPTS) {
            stats.count(provider, PushStats.Outcome.FAILED);
            stats.error(provider, registration.appId(), "gave up after " + attempt + " attempts: " + why);
            return;
        }
        scheduler.schedule(() -> deliver(registration, content, kind, attempt + 1), wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static String describe(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Whether the provider is failing right now, so that publishes should be answered 'wait'. */
    public boolean isTroubled(Provider provider) {
        Instant until = troubledUntil.get(provider);
        return until != null && clock.instant().isBefore(until);
    }

    private void flushUse() {
        try {
            Set<String> batch = new HashSet<>(used);
            used.removeAll(batch);
            store.touch(batch, clock.instant());
            Instant idleBefore = clock.instant().minus(settings.get().nodeInterval()).minusSeconds(60);
            nodes.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().pending == null && !e.getValue().timerSet
                            && e.getValue().lastSent.isBefore(idleBefore);
                }
            });
        } catch (RuntimeException e) {
            Log.warn("Could not record push use", e);
        }
    }

    /** Writes what is pending to the database; called at shutdown. */
    public void flush() {
        flushUse();
    }
}
