package org.jnegotiate.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.Callable;
import javax.security.auth.Subject;

/**
 * Runs an action as a JAAS Subject, so that the engine takes credentials from it: {@code Subject.callAs} where it
 * exists (JDK 18+; JDK 23+ no longer carries {@code doAs}'s Subject to {@code Subject.current()}), else
 * {@code Subject.doAs} (JDK 17).
 */
final class SubjectCalls {
    private static final Method CALL_AS = find();

    private SubjectCalls() {}

    private static Method find() {
        try {
            return Subject.class.getMethod("callAs", Subject.class, Callable.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @SuppressWarnings({"removal", "unchecked"})
    static <T> T call(Subject subject, Callable<T> action) throws Exception {
        if (CALL_AS != null) {
            try {
                return (T) CALL_AS.invoke(null, subject, action);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                // callAs wraps the action's checked exception in a CompletionException
                if (cause instanceof java.util.concurrent.CompletionException
                        && cause.getCause() instanceof Exception x) {
                    throw x;
                }
                throw cause instanceof Exception x ? x : new IllegalStateException(cause);
            }
        }
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<T>) action::call);
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }
}
