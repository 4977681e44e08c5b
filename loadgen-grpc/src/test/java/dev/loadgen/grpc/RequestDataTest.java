package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import dev.loadgen.core.InputException;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import org.junit.jupiter.api.Test;

class RequestDataTest {
    private static final Descriptor REQUEST = GrpcTargetServer.file().findMessageTypeByName("Request");
    private static final JsonFormat.TypeRegistry TYPES =
            ProtoSchema.of(GrpcTargetServer.file()).typeRegistry();

    private static Template.CallData call(long number) {
        return new Template.CallData(number, 0, "/loadgen.target.Target/Unary", GrpcTargetServer.SERVICE, "Unary");
    }

    private static String name(byte[] message) throws Exception {
        DynamicMessage parsed = DynamicMessage.parseFrom(REQUEST, message);
        return (String) parsed.getField(REQUEST.findFieldByName("name"));
    }

    @Test
    void staticDataIsSerializedOnceAndTheSameBytesAreReused() throws Exception {
        RequestData data = RequestData.json(REQUEST, TYPES, "{\"name\":\"x\"}", false, call(1));
        assertThat(data.isStatic()).isTrue();
        byte[][] first = data.messages(call(1));
        assertThat(name(first[0])).isEqualTo("x");
        for (long n = 2; n < 100; n++) {
            assertThat(data.messages(call(n))).isSameAs(first);
            assertThat(data.staticMessages(n)).isSameAs(first);
        }
    }

    @Test
    void aStaticArrayIsCycledCallByCallForUnaryCalls() throws Exception {
        RequestData data = RequestData.json(
                REQUEST, TYPES, "[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]", false, call(1));
        assertThat(name(data.staticMessages(1)[0])).isEqualTo("a");
        assertThat(name(data.staticMessages(2)[0])).isEqualTo("b");
        assertThat(name(data.staticMessages(3)[0])).isEqualTo("c");
        assertThat(data.staticMessages(4)).isSameAs(data.staticMessages(1));
    }

    @Test
    void aStaticArrayIsOneStreamForClientStreams() throws Exception {
        RequestData data = RequestData.json(REQUEST, TYPES, "[{\"name\":\"a\"},{\"name\":\"b\"}]", true, call(1));
        byte[][] stream = data.staticMessages(1);
        assertThat(stream.length).isEqualTo(2);
        assertThat(name(stream[0])).isEqualTo("a");
        assertThat(name(stream[1])).isEqualTo("b");
        assertThat(data.staticMessages(7)).isSameAs(stream);
    }

    @Test
    void templatedDataIsRenderedPerCall() throws Exception {
        RequestData data = RequestData.json(REQUEST, TYPES, "{\"name\":\"n{{.RequestNumber}}\"}", false, call(1));
        assertThat(data.isStatic()).isFalse();
        assertThat(name(data.messages(call(1))[0])).isEqualTo("n1");
        assertThat(name(data.messages(call(2))[0])).isEqualTo("n2");
        assertThat(data.messages(call(2))).isNotSameAs(data.messages(call(2)));
    }

    @Test
    void binaryDataIsSentAsGiven() throws Exception {
        byte[] message = DynamicMessage.newBuilder(REQUEST)
                .setField(REQUEST.findFieldByName("name"), "bin")
                .build()
                .toByteArray();
        RequestData data = RequestData.binary(REQUEST, message);
        assertThat(data.staticMessages(1)[0]).isEqualTo(message);
        assertThat(data.staticMessages(2)).isSameAs(data.staticMessages(1));
        assertThatThrownBy(() -> RequestData.binary(REQUEST, new byte[] {(byte) 0xff, 1}))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("--binary-file is not a serialized " + "loadgen.target.Request");
    }

    @Test
    void dataThatDoesNotMatchTheMessageNamesTheField() {
        assertThatThrownBy(() -> RequestData.json(REQUEST, TYPES, "{\"nmae\":\"x\"}", false, call(1)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("nmae");
        assertThatThrownBy(() -> RequestData.json(REQUEST, TYPES, "{\"size\":\"big\"}", false, call(1)))
                .isInstanceOf(InputException.class)
                .hasMessageEndingWith(": field 'size': Not an int32 value: \"big\"");
        assertThatThrownBy(() -> RequestData.json(
                        REQUEST, TYPES, "{\"name\":\"{{.RequestNumber}}\",\"nope\":1}", false, call(1)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> RequestData.json(REQUEST, TYPES, "[]", true, call(1)))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("empty array");
        assertThatThrownBy(() -> RequestData.json(REQUEST, TYPES, "{\"name\":", false, call(1)))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("invalid JSON in --data");
    }
}
