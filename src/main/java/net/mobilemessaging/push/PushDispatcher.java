package net.mobilemessaging.push;

import net.mobilemessaging.db.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
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
 *     registration, if it still has that token, and tells the user's server; transient failures (including a
 *     sender that throws) are retried, spaced by {@link Backoff} (which honours Retry-After up to an hour), up to
 *     {@value #ATTEMPTS} attempts; permanent rejections are counted and logged, not retried.</li>
 * <li>What fails is "troubled" for a while, at most {@link #MAX_TROUBLE} per failure, so that publishes can be
 *     answered 'wait': the provider for APNs and FCM, the push service (the endpoint's origin) for Web Push, whose
 *     endpoints clients choose, so that one failing push service holds up no other.</li>
 * </ul>
 * No push ends unseen: whatever happens to it is counted in {@link PushStats}.
 */
public final class PushDispatcher {

    private static final Logger Log = LoggerFactory.getLogger(PushDispatcher.class);
    static final int ATTEMPTS = 5;
    /** The longest one failure marks what failed as troubled, whatever Retry-After it came with. */
    static final Duration MAX_TROUBLE = Duration.ofMinutes(1);

    private final Function<Provider, PushSender> senders;
    private final Function<String, AppCredentials> apps;
    private final RegistrationStore store;
    private final Consumer<Registration> tokenDied;
    private final ScheduledExecutorService scheduler;
    private final Supplier<PushSettings> settings;
    private final PushStats stats;
    private final Clock clock;
    private final Backoff backoff;

    /** Per node: when its last push went and what waits to go next. Entries go once idle. */
    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    /** Nodes that got a push since the last touch; written to the database once a minute. */
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    /** Per {@link #troubleKey}: until when it counts as troubled. Expired entries go once a minute. */
    private final Map<String, Instant> troubledUntil = new ConcurrentHashMap<>();

    /**
     * @param tokenDied told of a registration whose token the provider declared dead, after it was deleted, so
     *                  that the user's server can be told (XEP-0357 §8); called on {@code scheduler}
     */
    public PushDispatcher(Function<Provider, PushSender> senders, Function<String, AppCredentials> apps,
                          RegistrationStore store, Consumer<Registration> tokenDied,
                          ScheduledExecutorService scheduler, Supplier<PushSettings> settings, PushStats stats,
                          Clock clock) {
        this(senders, apps, store, tokenDied, scheduler, settings, stats, clock, Backoff.standard());
    }

    /** As the public constructor, with retries spaced by {@code backoff} (tests shorten it). */
    PushDispatcher(Function<Provider, PushSender> senders, Function<String, AppCredentials> apps,
                   RegistrationStore store, Consumer<Registration> tokenDied, ScheduledExecutorService scheduler,
                   Supplier<PushSettings> settings, PushStats stats, Clock clock, Backoff backoff) {
        this.backoff = backoff;
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

    /** Guarded by itself. A release timer is set exactly while {@code pending} is not null. */
    private static final class NodeState {
        Instant lastSent = Instant.MIN;
        Pending pending;
        /** Taken out of {@link #nodes} as idle: a caller that fetched it just before looks it up again. */
        boolean evicted;
    }

    private record Pending(Registration registration, PushContent content, PushKind kind) {
    }

    /** Queues a push for {@code registration}; returns at once. */
    public void submit(Registration registration, PushContent content, PushKind kind) {
        Duration interval = settings.get().nodeInterval();
        Instant now = clock.instant();
        Pending sendNow = null;
        boolean placed = false;
        while (!placed) {
            NodeState state = nodes.computeIfAbsent(registration.node(), n -> new NodeState());
            synchronized (state) {
                if (state.evicted) {
                    continue; // idle and removed meanwhile: its successor knows when this node last got a push
                }
                placed = true;
                if (state.pending == null && !now.isBefore(state.lastSent.plus(interval))) {
                    state.lastSent = now;
                    sendNow = new Pending(registration, content, kind);
                } else {
                    boolean timerSet = state.pending != null;
                    PushKind merged = timerSet && rank(state.pending.kind) > rank(kind) ? state.pending.kind : kind;
                    state.pending = new Pending(registration, content, merged);
                    if (!timerSet) {
                        long delay = Math.max(0, Duration.between(now, state.lastSent.plus(interval)).toMillis());
                        scheduler.schedule(() -> releasePending(state), delay, TimeUnit.MILLISECONDS);
                    }
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
            state.lastSent = clock.instant();
        }
        if (p != null) {
            deliver(p.registration, p.content, p.kind, 1);
        }
    }

    /** One attempt; anything that goes wrong on the way is counted and logged, never lost in a Future. */
    private void deliver(Registration registration, PushContent content, PushKind kind, int attempt) {
        try {
            attempt(registration, content, kind, attempt);
        } catch (RuntimeException e) {
            lost(registration, e);
        }
    }

    private void attempt(Registration registration, PushContent content, PushKind kind, int attempt) {
        Provider provider = registration.provider();
        // The sender before the app: PushRuntime.reload replaces the apps before it drops the senders they changed,
        // so a sender made after a change never gets credentials from before it.
        PushSender sender = senders.apply(provider);
        AppCredentials app = apps.apply(registration.appId());
        if (app == null) {
            stats.failed(provider, PushStats.Outcome.REJECTED, registration.appId(),
                    "the app is not configured any more");
            return;
        }
        if (app.provider() != provider) {
            stats.failed(provider, PushStats.Outcome.REJECTED, registration.appId(), "the app is configured for "
                    + app.provider().name().toLowerCase(Locale.ROOT) + " now, the registration is for "
                    + provider.name().toLowerCase(Locale.ROOT));
            return;
        }
        if (sender == null) {
            stats.failed(provider, PushStats.Outcome.FAILED, registration.appId(), "no sender for this provider");
            return;
        }
        PushSettings s = settings.get();
        PushKind effective = kind == PushKind.VOIP && !app.apnsVoip() ? PushKind.ALERT : kind;
        Push push = new Push(app, registration.token(), registration.p256dh(), registration.authSecret(), effective,
                redact(content, s), registration.node().substring(0, Math.min(16, registration.node().length())),
                clock.instant().plus(s.pushLifetime()), registration.appData());
        CompletableFuture<PushResult> answer;
        try {
            answer = sender.send(push);
        } catch (RuntimeException e) {
            // A sender should answer with a result or a failed future; treat a throw as a transient failure.
            Log.warn("The {} sender threw {} on a push for app {} (at {})", provider, e.getClass().getName(),
                    app.appId(), e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?");
            retryOrGiveUp(registration, content, kind, attempt, null, e.getClass().getSimpleName());
            return;
        }
        answer.whenComplete((result, failure) -> {
            try {
                if (failure != null) {
                    retryOrGiveUp(registration, content, kind, attempt, null, describe(failure));
                } else {
                    handle(registration, content, kind, attempt, result);
                }
            } catch (RuntimeException e) {
                lost(registration, e);
            }
        });
    }

    /** A push this dispatcher failed to follow through (a bug): counted and logged, not silently dropped. */
    private void lost(Registration registration, RuntimeException e) {
        stats.failed(registration.provider(), PushStats.Outcome.FAILED, registration.appId(),
                "lost: " + e.getClass().getSimpleName());
        Log.warn("A push for app {} was lost", registration.appId(), e);
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
                troubledUntil.remove(troubleKey(registration, null));
                troubledUntil.remove(deviceKey(registration));
            }
            case TOKEN_DEAD -> {
                stats.failed(provider, PushStats.Outcome.REJECTED, registration.appId(),
                        "device token no longer valid" + (result.tokenInvalidSince() == null ? ""
                                : " since " + result.tokenInvalidSince()) + ": " + result.reason());
                // Database and XMPP work: not on the sender's callback thread.
                try {
                    scheduler.execute(() -> forget(registration));
                } catch (RejectedExecutionException e) {
                    Log.debug("A dead push registration stays until its next push: shutting down");
                }
            }
            case REJECTED -> {
                stats.failed(provider, PushStats.Outcome.REJECTED, registration.appId(),
                        "rejected (" + result.httpStatus() + "): " + result.reason());
                Log.debug("Push rejected by {}: {} {}", provider, result.httpStatus(), result.reason());
            }
            case RETRY_LATER -> retryOrGiveUp(registration, content, kind, attempt, result,
                    result.httpStatus() + " " + result.reason());
        }
    }

    /**
     * Deletes a registration whose token died and tells the user's server, unless the device registered again with
     * a new token since the push left (it keeps its node): then the answer was about a token no longer in use.
     */
    private void forget(Registration registration) {
        try {
            if (store.deleteIfToken(registration.node(), registration.token())) {
                tokenDied.accept(registration);
            }
        } catch (DatabaseException e) {
            Log.warn("A dead push registration could not be deleted yet", e);
        } catch (RuntimeException e) {
            Log.warn("The user's server could not be told of a dead push registration", e);
        }
    }

    /**
     * @param result the provider's answer, or null when the try failed with an exception
     */
    private void retryOrGiveUp(Registration registration, PushContent content, PushKind kind, int attempt,
                               PushResult result, String why) {
        Provider provider = registration.provider();
        Duration wait = backoff.delay(attempt, result);
        troubledUntil.put(troubleKey(registration, result),
                clock.instant().plus(wait.compareTo(MAX_TROUBLE) < 0 ? wait : MAX_TROUBLE));
        if (attempt >= ATTEMPTS) {
            stats.failed(provider, PushStats.Outcome.FAILED, registration.appId(),
                    "gave up after " + attempt + " attempts: " + why);
            return;
        }
        try {
            scheduler.schedule(() -> deliver(registration, content, kind, attempt + 1), wait.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            stats.failed(provider, PushStats.Outcome.FAILED, registration.appId(),
                    "not retried, shutting down: " + why);
        }
    }

    private static String describe(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /**
     * What one failure puts in trouble: APNs' 429 (too many pushes to the same device token in a row) only that
     * device; for Web Push the push service, i.e. the endpoint's origin (clients choose their endpoints, so one failing
     * push service must not hold up the others); else the provider.
     *
     * @param result the provider's answer, or null when there was none
     */
    static String troubleKey(Registration registration, PushResult result) {
        if (registration.provider() == Provider.APNS && result != null && result.httpStatus() == 429) {
            return deviceKey(registration);
        }
        if (registration.provider() != Provider.WEBPUSH) {
            return registration.provider().name();
        }
        try {
            URI endpoint = new URI(registration.token());
            if (endpoint.getHost() != null) {
                return "WEBPUSH " + endpoint.getHost().toLowerCase(Locale.ROOT) + ':' + endpoint.getPort();
            }
        } catch (URISyntaxException e) {
            // no origin: the registration troubles only itself
        }
        return deviceKey(registration);
    }

    private static String deviceKey(Registration registration) {
        return "node " + registration.node();
    }

    /**
     * Whether what this registration's pushes go through (its provider, or its Web Push service) is failing right
     * now, so that publishes to it should be answered 'wait'.
     */
    public boolean isTroubled(Registration registration) {
        Instant now = clock.instant();
        Instant until = troubledUntil.get(troubleKey(registration, null));
        Instant device = troubledUntil.get(deviceKey(registration));
        return until != null && now.isBefore(until) || device != null && now.isBefore(device);
    }

    private void flushUse() {
        try {
            Set<String> batch = new HashSet<>(used);
            used.removeAll(batch);
            try {
                store.touch(batch, clock.instant());
            } catch (RuntimeException e) {
                used.addAll(batch); // written with the next batch
                throw e;
            }
            Instant now = clock.instant();
            Instant idleBefore = now.minus(settings.get().nodeInterval()).minusSeconds(60);
            nodes.values().removeIf(state -> {
                synchronized (state) {
                    state.evicted = state.pending == null && state.lastSent.isBefore(idleBefore);
                    return state.evicted;
                }
            });
            troubledUntil.values().removeIf(until -> !now.isBefore(until));
        } catch (RuntimeException e) {
            Log.warn("Could not record push use", e);
        }
    }

    /** Writes what is pending to the database; called at shutdown. */
    public void flush() {
        flushUse();
    }

    /**
     * At shutdown, once the scheduler is stopped: records use, and drops the pushes still waiting for their node's
     * interval (the first push of their burst went; the user's server publishes again with the next message).
     */
    public void close() {
        flushUse();
        int dropped = 0;
        for (NodeState state : nodes.values()) {
            synchronized (state) {
                if (state.pending != null) {
                    dropped++;
                    state.pending = null;
                }
            }
        }
        nodes.clear();
        if (dropped > 0) {
            Log.debug("Dropped {} combined pushes still waiting at shutdown", dropped);
        }
    }
}
