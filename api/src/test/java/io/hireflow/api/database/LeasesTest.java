package io.hireflow.api.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leases on the real database: one holder at a time, expiry frees a dead holder's, writers hold acquirers off. */
@QuarkusTest
class LeasesTest {

    static final Duration TTL = Duration.ofSeconds(30);

    @Inject
    Leases leases;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Database db;

    @BeforeEach
    void free() {
        db.clear();
    }

    @Test
    void oneHolderAtATimeAndBusySaysWho() throws Exception {
        try (Lease first = leases.acquire("history-load", TTL, "loading employees")) {
            assertTrue(leases.tryAcquire("history-load", TTL).isEmpty());
            LeaseBusyException busy = assertThrows(LeaseBusyException.class,
                    () -> leases.acquire("history-load", TTL));
            assertEquals(first.owner(), busy.owner());
            assertTrue(busy.getMessage().contains("loading employees"), busy.getMessage());
            assertTrue(busy.retryAfterSeconds() > 20 && busy.retryAfterSeconds() <= 30, busy.getMessage());
            assertEquals(first.owner(), leases.holder("history-load").orElseThrow().owner());
        }
        assertTrue(leases.holder("history-load").isEmpty());
        try (Lease again = leases.acquire("history-load", TTL)) {
            assertTrue(again.isHeld());
        }
    }

    @Test
    void anExpiredLeaseIsFreeAndItsOldHolderLearnsItLostIt() throws Exception {
        Lease dead = leases.acquire("table.jobs", TTL);
        // The holder stopped renewing (it died): its time runs out.
        db.update("UPDATE leases SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE name = 'table.jobs'");
        assertTrue(leases.holder("table.jobs").isEmpty());
        try (Lease next = leases.acquire("table.jobs", TTL)) {
            assertFalse(dead.renew());
            assertFalse(dead.isHeld());
            dead.close();
            assertEquals(next.owner(), leases.holder("table.jobs").orElseThrow().owner(), "closing a lost lease frees nothing");
        }
    }

    @Test
    void aNameNotSeededIsCreatedOnFirstUse() throws Exception {
        try (Lease lease = leases.acquire("backup-schedule-test", TTL)) {
            assertTrue(leases.tryAcquire("backup-schedule-test", TTL).isEmpty());
        }
        assertTrue(leases.tryAcquire("backup-schedule-test", TTL).map(l -> {
            l.close();
            return true;
        }).orElse(false));
    }

    @Test
    void simultaneousAcquirersGetItOnce() throws Exception {
        int contenders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Optional<Lease>>> tries = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                tries.add(pool.submit(() -> {
                    start.await();
                    return leases.tryAcquire("table.employees", TTL);
                }));
            }
            start.countDown();
            List<Lease> won = new ArrayList<>();
            for (Future<Optional<Lease>> t : tries) {
                t.get(30, TimeUnit.SECONDS).ifPresent(won::add);
            }
            assertEquals(1, won.size());
            won.forEach(Lease::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriterThatSawTheLeaseFreeHoldsTheAcquirerOffUntilItCommits() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            assertTrue(leases.heldOn(writer, Leases.table(Table.EMPLOYEES)).isEmpty());
            Future<Optional<Lease>> restore = pool.submit(() -> leases.tryAcquire(Leases.table(Table.EMPLOYEES), TTL));
            assertThrows(TimeoutException.class, () -> restore.get(500, TimeUnit.MILLISECONDS),
                    "the acquirer must wait for the writer's transaction");
            writer.commit();
            try (Lease lease = restore.get(30, TimeUnit.SECONDS).orElseThrow()) {
                // A writer that comes after sees the holder and backs off.
                assertEquals(lease.owner(), leases.heldOn(writer, Leases.table(Table.EMPLOYEES)).orElseThrow().owner());
                writer.commit();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLeaseIsKeptAliveWhileHeld() throws Exception {
        try (Lease lease = leases.acquire("history-load", Duration.ofSeconds(3))) {
            Thread.sleep(4_500);
            assertTrue(lease.isHeld());
            assertEquals(lease.owner(), leases.holder("history-load").orElseThrow().owner(),
                    "renewed past its first expiry");
        }
    }
}
