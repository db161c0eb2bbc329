package io.canvass.platform.lifecycle;

import org.springframework.context.SmartLifecycle;

/**
 * A loop on a daemon thread of its own, started and stopped with the application: the append
 * listener of the query side and the chain's sealer of the command side. {@link #loop} runs until
 * {@link #running()} turns false; stopping interrupts the thread and waits for it a moment.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private final String threadName;
    private volatile boolean running;
    private Thread thread;

    protected BackgroundLoop(String threadName) {
        this.threadName = threadName;
    }

    /** The loop's body: return once {@link #running()} is false. */
    protected abstract void loop();

    /** Whether the loop should go on. */
    protected final boolean running() {
        return running;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
