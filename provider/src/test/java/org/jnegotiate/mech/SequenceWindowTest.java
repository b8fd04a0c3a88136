package org.jnegotiate.mech;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceWindowTest {

    @Test
    void inOrder_thenDuplicate_thenUnsequenced_thenGap() {
        SequenceWindow w = new SequenceWindow(0, 64, true, true);
        assertEquals(TokenOrder.IN_ORDER, w.accept(0));
        assertEquals(TokenOrder.IN_ORDER, w.accept(1));
        assertEquals(TokenOrder.DUPLICATE, w.accept(1));
        assertEquals(TokenOrder.GAP, w.accept(4));
        assertEquals(TokenOrder.UNSEQUENCED, w.accept(2));
        assertEquals(TokenOrder.DUPLICATE, w.accept(2));
        assertEquals(TokenOrder.IN_ORDER, w.accept(5));
    }

    @Test
    void tooOld_isOld() {
        SequenceWindow w = new SequenceWindow(0, 64, true, true);
        for (int i = 0; i < 100; i++) {
            assertEquals(TokenOrder.IN_ORDER, w.accept(i));
        }
        assertEquals(TokenOrder.OLD, w.accept(10));
        assertEquals(TokenOrder.DUPLICATE, w.accept(99));
    }

    @Test
    void replayOnly_ignoresGapsButReportsDuplicates() {
        SequenceWindow w = new SequenceWindow(7, 32, true, false);
        assertEquals(TokenOrder.IN_ORDER, w.accept(9));
        assertEquals(TokenOrder.IN_ORDER, w.accept(8));
        assertEquals(TokenOrder.DUPLICATE, w.accept(9));
    }

    @Test
    void nothingRequested_reportsNothing() {
        SequenceWindow w = new SequenceWindow(0, 32, false, false);
        assertEquals(TokenOrder.IN_ORDER, w.accept(0));
        assertEquals(TokenOrder.IN_ORDER, w.accept(0));
    }

    @Test
    void wrapsAt32Bits() {
        SequenceWindow w = new SequenceWindow(0xFFFFFFFFL, 32, true, true);
        assertEquals(TokenOrder.IN_ORDER, w.accept(0xFFFFFFFFL));
        assertEquals(TokenOrder.IN_ORDER, w.accept(0));
        assertEquals(TokenOrder.DUPLICATE, w.accept(0xFFFFFFFFL));
    }
}
