package dev.taskmill.application.service;

import dev.taskmill.application.port.in.AuthenticateUseCase;
import dev.taskmill.application.port.in.AuthenticationFailedException;
import dev.taskmill.application.port.in.Credentials;
import dev.taskmill.application.port.in.LoginsBusyException;
import dev.taskmill.application.port.out.PasswordHash;
import dev.taskmill.application.port.out.UserAccount;
import dev.taskmill.application.port.out.UserDirectory;
import dev.taskmill.domain.Caller;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a user name and password against the {@link UserDirectory}.
 *
 * <p>A PBKDF2 check is slow by design (about a tenth of a second), and HTTP Basic sends the
 * password with every request. So once a password has matched its stored hash, this
 * remembers an HMAC of it under a key that lives only in this process, and later requests
 * compare against that in constant time; a changed or removed user is checked afresh.
 *
 * <p>After {@value #MAX_FAILURES} failures for a name within a minute, attempts for that name
 * are refused for a minute. Slow checks for one name run one at a time, so that parallel
 * guesses cannot overtake the count. An unknown name costs the same hash as a known one; a
 * name no user can have (see {@link UserAccount#isName}) is refused at once.
 *
 * <p>At most {@link #CONCURRENT_SLOW_CHECKS} slow checks run at a time, whatever the names: a
 * login that would need one beyond that is refused at once ({@link LoginsBusyException}), so
 * that a flood of unknown names keeps no thread that serves other requests, and users whose
 * passwords are remembered go on being answered at once.
 */
public final class PasswordAuthentication implements AuthenticateUseCase {

    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration PAUSE = Duration.ofMinutes(1);

    private static final String HMAC = "HmacSHA256";
    private static final String WRONG = "Wrong user name or password";
    private static final int LOCK_STRIPES = 64;
    /** Slow checks running at once: one per core, at least two. */
    static final int CONCURRENT_SLOW_CHECKS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final UserDirectory users;
    private final Clock clock;
    private final LoginThrottle throttle = new LoginThrottle(MAX_FAILURES, WINDOW, PAUSE);
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final ReentrantLock[] slowCheckLocks = new ReentrantLock[LOCK_STRIPES];
    private final Semaphore slowChecks = new Semaphore(CONCURRENT_SLOW_CHECKS);
    private final SecretKeySpec processKey;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    private final PasswordHash decoy;

    public PasswordAuthentication(UserDirectory users, Clock clock) {
        this.users = users;
        this.clock = clock;
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.processKey = new SecretKeySpec(key, HMAC);
        byte[] decoyPassword = new byte[16];
        random.nextBytes(decoyPassword);
        this.decoy = PasswordHash.create(Arrays.toString(decoyPassword).toCharArray(), random);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            slowCheckLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public Caller authenticate(Optional<Credentials> credentials) {
        Credentials given = credentials.orElseThrow(() -> new AuthenticationFailedException(
                "Authentication required: send a user name and password (HTTP Basic)"));
        String user = given.user();
        if (!UserAccount.isName(user)) {
            // no user can have this name: nothing to hash, and nothing to remember about it
            throw new AuthenticationFailedException(WRONG);
        }
        throttle.check(user, clock.instant());
        Optional<UserAccount> account = users.find(user);
        byte[] mac = mac(given.password());
        if (account.isPresent() && isRemembered(account.get(), mac)) {
            return account.get().caller();
        }
        if (!slowChecks.tryAcquire()) {
            throw new LoginsBusyException();
        }
        ReentrantLock lock = slowCheckLocks[Math.floorMod(user.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            throttle.check(user, clock.instant()); // failures counted while this waited
            char[] password = given.password().toCharArray();
            try {
                if (account.isPresent() && account.get().password().matches(password)) {
                    verified.put(user, new Verified(account.get().password(), mac));
                    return account.get().caller();
                }
                decoy.matches(password); // an unknown name takes as long as a wrong password
            } finally {
                Arrays.fill(password, '\0');
            }
            throttle.failed(user, clock.instant());
        } finally {
            lock.unlock();
            slowChecks.release();
        }
        throw new AuthenticationFailedException(WRONG);
    }

    private boolean isRemembered(UserAccount account, byte[] mac) {
        Verified known = verified.get(account.name());
        return known != null && known.hash.equals(account.password()) && MessageDigest.isEqual(known.mac, mac);
    }

    private byte[] mac(String password) {
        // doFinal leaves the Mac ready for the next password under the same key
        return macs.get().doFinal(password.getBytes(StandardCharsets.UTF_8));
    }

    /** A Mac under the process key; one per thread, as a Mac is not to be shared. */
    private Mac newMac() {
        try {
            Mac hmac = Mac.getInstance(HMAC);
            hmac.init(processKey);
            return hmac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is missing from this JDK", e);
        }
    }

    /** A password known to match {@code hash}, kept as an HMAC under the process key. */
    private record Verified(PasswordHash hash, byte[] mac) {
    }
}
