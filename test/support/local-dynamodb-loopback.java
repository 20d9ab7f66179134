// Starts AWS's DynamoDB Local bound to 127.0.0.1 only: the jar has no host option and listens on
// every interface, so this calls its ServerRunner and sets the host of each Jetty connector before
// starting. Run as a single-file source program with DynamoDBLocal.jar on the class path; the
// arguments are DynamoDB Local's own (-port N -inMemory -disableTelemetry …).
import java.lang.reflect.Field;
import java.lang.reflect.Method;

class LoopbackDynamoDb {
  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Method create = runner.getMethod("createServerFromCommandLineArgs", String[].class);
    Object proxy = create.invoke(null, (Object) args);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(proxy);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    }
    proxy.getClass().getMethod("start").invoke(proxy);
    System.out.println("newsmon-dynamodb-local-ready");
    proxy.getClass().getMethod("join").invoke(proxy);
  }
}
