package net.mobilemessaging.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Single byte ranges of RFC 9110 §14.1.2 against a file of 10 bytes (and a few other sizes). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ByteRangeTest {

    private static final long SIZE = 10;

    @ParameterizedTest(name = "{0} of {1} bytes is {2}-{3}")
    @CsvSource(delimiter = '|', value = {
            "bytes=0-4      | 10 | 0 | 4",
            "bytes=0-0      | 10 | 0 | 0",
            "bytes=9-9      | 10 | 9 | 9",
            "bytes=0-9      | 10 | 0 | 9",
            "bytes=3-100    | 10 | 3 | 9",
            "bytes=5-       | 10 | 5 | 9",
            "bytes=0-       | 10 | 0 | 9",
            "bytes=9-       | 10 | 9 | 9",
            "bytes=-3       | 10 | 7 | 9",
            "bytes=-1       | 10 | 9 | 9",
            "bytes=-10      | 10 | 0 | 9",
            "bytes=-20      | 10 | 0 | 9",
            "BYTES=2-5      | 10 | 2 | 5",
            "Bytes=2-5      | 10 | 2 | 5",
            "bytes= 2-5     | 10 | 2 | 5",
            "bytes=2 - 5    | 10 | 2 | 5",
            "bytes=0-9223372036854775807 | 10 | 0 | 9",
            "bytes=4294967296-  | 5000000000 | 4294967296 | 4999999999",
            "bytes=-1       | 5000000000 | 4999999999 | 4999999999",
    })
    void satisfiableRanges(String header, long size, long first, long last) {
        ByteRange range = ByteRange.parse(header, size);
        assertEquals(new ByteRange(first, last), range);
        assertEquals(last - first + 1, range.length());
    }

    @ParameterizedTest(name = "{0} of {1} bytes is unsatisfiable")
    @CsvSource(delimiter = '|', value = {
            "bytes=10-      | 10",
            "bytes=10-20    | 10",
            "bytes=11-11    | 10",
            "bytes=-0       | 10",
            "bytes=0-       | 0",
            "bytes=0-0      | 0",
            "bytes=-5       | 0",
    })
    void unsatisfiableRanges(String header, long size) {
        assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse(header, size));
    }

    @ParameterizedTest(name = "\"{0}\" serves the whole file")
    @NullSource
    @ValueSource(strings = {
            "",
            "bytes=0-1,4-5",
            "bytes=0-1, 4-5",
            "bytes=-1,0-0",
            "bytes=",
            "bytes=-",
            "bytes=5",
            "bytes=5-2",
            "bytes=a-b",
            "bytes=1-b",
            "bytes=--5",
            "bytes=-5-",
            "bytes=1--2",
            "bytes=0x1-2",
            "bytes=1.5-2",
            "bytes=99999999999999999999-",
            "items=0-1",
            "bytes 0-1",
            "0-1",
    })
    void malformedOrMultipleRangesServeTheWholeFile(String header) {
        assertNull(ByteRange.parse(header, SIZE));
    }

    @Test
    void aSuffixLargerThanTheFileIsTheWholeFile() {
        assertEquals(new ByteRange(0, 9), ByteRange.parse("bytes=-1000", SIZE));
        assertEquals(new ByteRange(0, 0), ByteRange.parse("bytes=-1000", 1));
    }
}
