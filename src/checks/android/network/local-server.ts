import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, Value } from '../../../formats/dex/index.js';
import type { Severity } from '../../../findings/types.js';
import {
  argRegister, byMethod, constText, definitionOf, isConstant, shortCall, showExpr, stringExprAt,
} from '../code/dataflow-support.js';
import {
  accessedField, decodeMethod, indexAt, invokedMethod, methodLabel, simpleTypeName, siteLocation,
} from '../bytecode-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';

type Scope = 'tcp' | 'unix';

/** Calls that open a listening socket or start a server; `port` is the argument (receiver = 0) with the port. */
const LISTENERS: ReadonlyArray<{ cls: string; name: string; scope: Scope; what: string }> = [
  { cls: 'Ljava/net/ServerSocket;', name: '<init>', scope: 'tcp', what: 'java.net.ServerSocket' },
  { cls: 'Ljava/net/ServerSocket;', name: 'bind', scope: 'tcp', what: 'ServerSocket.bind' },
  { cls: 'Ljavax/net/ServerSocketFactory;', name: 'createServerSocket', scope: 'tcp', what: 'ServerSocketFactory.createServerSocket' },
  { cls: 'Ljavax/net/ssl/SSLServerSocketFactory;', name: 'createServerSocket', scope: 'tcp', what: 'SSLServerSocketFactory.createServerSocket' },
  { cls: 'Ljava/nio/channels/ServerSocketChannel;', name: 'bind', scope: 'tcp', what: 'ServerSocketChannel.bind' },
  { cls: 'Ljava/nio/channels/AsynchronousServerSocketChannel;', name: 'bind', scope: 'tcp', what: 'AsynchronousServerSocketChannel.bind' },
  { cls: 'Lio/netty/bootstrap/ServerBootstrap;', name: 'bind', scope: 'tcp', what: 'Netty ServerBootstrap.bind' },
  { cls: 'Lio/netty/bootstrap/AbstractBootstrap;', name: 'bind', scope: 'tcp', what: 'Netty ServerBootstrap.bind' },
  { cls: 'Lfi/iki/elonen/NanoHTTPD;', name: '<init>', scope: 'tcp', what: 'NanoHTTPD' },
  { cls: 'Lorg/nanohttpd/protocols/http/NanoHTTPD;', name: '<init>', scope: 'tcp', what: 'NanoHTTPD' },
  { cls: 'Lorg/java_websocket/server/WebSocketServer;', name: '<init>', scope: 'tcp', what: 'Java-WebSocket WebSocketServer' },
  { cls: 'Lcom/koushikdutta/async/http/server/AsyncHttpServer;', name: 'listen', scope: 'tcp', what: 'AndroidAsync AsyncHttpServer.listen' },
  { cls: 'Lcom/sun/net/httpserver/HttpServer;', name: 'create', scope: 'tcp', what: 'HttpServer.create' },
  { cls: 'Landroid/net/LocalServerSocket;', name: '<init>', scope: 'unix', what: 'LocalServerSocket' },
];

// The server frameworks' own plumbing (Netty's channel bind, NanoHTTPD's accept loop) is not a decision of
// the app: the app's call that starts the server is what is reported.
const SERVER_FRAMEWORKS = ['Lio/netty/', 'Lfi/iki/elonen/', 'Lorg/nanohttpd/', 'Lorg/java_websocket/', 'Lcom/koushikdutta/', 'Lorg/eclipse/jetty/', 'Lio/ktor/', 'Lorg/apache/'];

/** A port number from an argument value: a constant, or a field only ever set to one constant or from a constructor argument. */
function portOf(app: AndroidApp, v: Value | undefined, depth = 0): string | undefined {
  if (!v || depth > 2) return undefined;
  if (v.k === 'int') return String(v.v);
  if (v.k === 'field') {
    const writes = app.code.fieldAccesses(v.field.classType, v.field.name).filter((a) => a.write);
    const ports = new Set<string>();
    for (const w of writes.slice(0, 8)) {
      if (w.value?.k === 'int') ports.add(String(w.value.v));
      else if (w.value?.k === 'param' && w.method.name === '<init>') {
        // Set from a constructor argument: the constants the constructor is called with.
        for (const c of app.code.callsTo(w.method.classType, '<init>', w.method.descriptor).slice(0, 8)) {
          const p = portOf(app, c.args[w.value.index], depth + 1);
          if (p) ports.add(p);
        }
      }
    }
    const label = `${simpleTypeName(v.field.classType)}.${v.field.name}`;
    return ports.size > 0 ? `${label} = ${[...ports].join(' or ')}` : label;
  }
  if (v.k === 'ret') {
    // A getter or synthetic accessor (`access$100`) that only returns a field: the field's port.
    const d = decodeMethod(app.code, v.method.classType, v.method);
    if (d && d.insns.length <= 4) {
      const read = d.insns.find((i) => (i.opcode >= 0x52 && i.opcode <= 0x58) || (i.opcode >= 0x60 && i.opcode <= 0x66));
      const field = read ? accessedField(d, read) : undefined;
      if (field && d.insns.some((i) => i.name.startsWith('return'))) return portOf(app, { k: 'field', field, static: read!.opcode >= 0x60 }, depth + 1);
    }
    return `${shortCall(v.method)}(…)`;
  }
  return undefined;
}

/** Whether a bind address argument is the loopback interface (other apps on the device can still connect). */
function loopbackOnly(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.k === 'str') return /^(localhost|127\.|::1$)/.test(v.v);
  if (v.k === 'ret') {
    if (v.method.name === 'getLoopbackAddress') return true;
    if (v.method.name === 'getByName' || v.method.name === '<init>') return v.args.some((a) => loopbackOnly(a));
    return v.args.some((a) => a.k === 'ret' && loopbackOnly(a));
  }
  return false;
}

/**
 * Port and interface of a `new InetSocketAddress(…)` passed as argument `arg` (receiver = 0), read from the
 * constructor call in the calling method. `InetSocketAddress(port)` is the wildcard address.
 */
function socketAddressAt(app: AndroidApp, site: CallSite, arg: number): { port: string | undefined; loopback: boolean } | undefined {
  const d = decodeMethod(app.code, site.method.classType, site.method);
  if (!d) return undefined;
  const at = indexAt(d, site.pc);
  const reg = at < 0 ? undefined : argRegister(d.insns[at]!, site.target, arg);
  if (reg === undefined) return undefined;
  const def = definitionOf(d, at, reg);
  if (def.kind !== 'insn' || def.ins.opcode !== 0x22) return undefined;
  for (let i = def.index + 1; i < at; i++) {
    const c = d.insns[i]!;
    if (c.registers[0] !== reg || !c.name.startsWith('invoke-direct')) continue;
    const m = invokedMethod(d, c);
    if (m?.name !== '<init>' || m.classType !== 'Ljava/net/InetSocketAddress;') continue;
    const portReg = argRegister(c, m, m.proto.params.indexOf('I') + 1);
    const portExpr = portReg === undefined ? undefined : stringExprAt(app.code, d, i, portReg);
    const port = portExpr && isConstant(portExpr) ? constText(portExpr) : portExpr ? showExpr(portExpr) : undefined;
    let loopback = false;
    if (m.proto.params[0] === 'Ljava/lang/String;') loopback = /^(localhost|127\.|::1$)/.test(constText(stringExprAt(app.code, d, i, c.registers[1]!)));
    else if (m.proto.params[0] === 'Ljava/net/InetAddress;') {
      const a = definitionOf(d, i, c.registers[1]!);
      const am = a.kind === 'insn' ? invokedMethod(d, a.ins) : undefined;
      if (am?.name === 'getLoopbackAddress') loopback = true;
      else if (am?.name === 'getByName' && a.kind === 'insn') loopback = /^(localhost|127\.|::1$)/.test(constText(stringExprAt(app.code, d, a.index, a.ins.registers[0]!)));
    }
    return { port, loopback };
  }
  return undefined;
}

interface Listener {
  site: CallSite;
  what: string;
  scope: Scope;
  port: string | undefined;
  loopback: boolean;
}

export default defineAndroidCheck({
  id: 'android.network.local-server',
  meta: {
    title: 'App listens on a network socket',
    family: 'network',
    kind: 'weakness',
    severity: 'high',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-1', 'MASVS-NETWORK-1'], maswe: ['MASWE-0018'], cwe: ['CWE-306', 'CWE-749'], dfs: ['APP-28', 'APP-11'] }),
    description: [
      'Finds code that opens a listening socket or starts an embedded server: `java.net.ServerSocket` (constructor and `bind`), server-socket factories and channels, Netty `ServerBootstrap.bind`, NanoHTTPD, Java-WebSocket, AndroidAsync, and `android.net.LocalServerSocket` (abstract UNIX socket). The port is shown when it is a constant or a field set to one.',
      '',
      'Any app on the device can connect to a TCP port the wallet listens on — there is no permission for it — and, when the socket is bound to all interfaces (the default of `new ServerSocket(port)`), so can any host on the same network. Whatever the server offers without authentication (commands, data, screenshots) is offered to all of them (CWE-306). A UNIX-domain `LocalServerSocket` is reachable only from the device and is reported at low severity.',
      '',
      'Severity: high when bound to all interfaces, medium for loopback, low for a local UNIX socket. Library policy: the server frameworks\' internal plumbing is not reported, the app\'s call that starts the server is; a server opened inside another bundled library is reported at low severity.',
    ].join('\n'),
    manual:
      'Start the app on a test device and list its listening sockets (`adb shell ss -ltnp` or `netstat -ltn`); connect from another app (or `adb forward` + curl) and from another host on the network, and check what the server accepts without authentication.',
    remediation:
      'Do not run servers in a wallet app. If a local channel is really needed, bind to `127.0.0.1` (or use a bound Service / LocalSocket with a peer UID check), authenticate every request with a per-session secret, and never expose commands or sensitive data.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const found: Listener[] = [];
    for (const l of LISTENERS) {
      for (const site of code.callsTo(l.cls, l.name)) {
        if (SERVER_FRAMEWORKS.some((p) => site.classType.startsWith(p))) continue;
        const params = site.target.proto.params;
        // `new ServerSocket()` without a port binds later; its `bind` call is what is reported.
        if (l.name === '<init>' && l.cls === 'Ljava/net/ServerSocket;' && params.length === 0) continue;
        const static_ = site.invoke.startsWith('invoke-static');
        const at = (i: number): Value | undefined => site.args[i + (static_ ? 0 : 1)];
        let port: string | undefined;
        let loopback = false;
        const sockAddr = params.findIndex((p) => p === 'Ljava/net/SocketAddress;' || p === 'Ljava/net/InetSocketAddress;');
        if (sockAddr >= 0) {
          const b = socketAddressAt(app, site, sockAddr + (static_ ? 0 : 1));
          port = b?.port;
          loopback = b?.loopback ?? false;
        } else {
          // (int port[, int backlog[, InetAddress]]), Netty bind(int) / bind(String|InetAddress, int).
          const intParam = params.indexOf('I');
          port = intParam >= 0 ? portOf(app, at(intParam)) : undefined;
          const addrParam = params.findIndex((p) => p === 'Ljava/net/InetAddress;' || p === 'Ljava/lang/String;');
          loopback = addrParam >= 0 && loopbackOnly(at(addrParam));
        }
        found.push({ site, what: l.what, scope: l.scope, port, loopback });
      }
    }
    for (const group of byMethod(found.map((f) => ({ ...f, method: f.site.method })))) {
      const first = group[0]!;
      const tcp = group.some((f) => f.scope === 'tcp');
      const allInterfaces = group.some((f) => f.scope === 'tcp' && !f.loopback);
      let severity: Severity = !tcp ? 'low' : allInterfaces ? 'high' : 'medium';
      if (isLibrary(app, first.site.classType)) severity = 'low';
      const ports = [...new Set(group.map((f) => f.port).filter((p): p is string => p !== undefined))];
      ctx.report({
        message: `${methodLabel(first.site.method)} opens a listening ${tcp ? 'TCP' : 'local UNIX'} socket (${[...new Set(group.map((f) => f.what))].join(', ')})${ports.length ? ` on port ${ports.join(', ')}` : ''}${tcp ? (allInterfaces ? ', on all interfaces: reachable by other apps and the network' : ', on loopback: reachable by other apps') : ''}.`,
        locations: group.map((f) => siteLocation(app, f.site, f.site.target)),
        evidence: group.map((f) => `${f.what}(${f.port ? `port ${f.port}` : '…'})${f.scope === 'tcp' ? (f.loopback ? ' bound to loopback' : ' bound to all interfaces') : ''}`),
        severity,
      });
    }
  },
});
