import type { FastifyInstance } from 'fastify';

/** The response header that names the cluster node which answered ([PL35]). */
export const NODE_HEADER = 'x-parley-node';

/**
 * [PL35] In a cluster every HTTP response and every WebSocket handshake names the node that
 * answered, so an operator behind a load balancer (and e2e/cluster.spec.ts) can tell where a page
 * or a socket landed. Called after @fastify/websocket is registered.
 */
export function nameTheNode(app: FastifyInstance, nodeId: string): void {
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.header(NODE_HEADER, nodeId);
    done();
  });
  // The ws library writes the 101 answer itself: Fastify's reply headers never reach it.
  app.websocketServer.on('headers', (headers: string[]) => headers.push(`${NODE_HEADER}: ${nodeId}`));
}
