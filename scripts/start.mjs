// npm start / npm run dev: the dashboard alone, on 127.0.0.1 unless TOKENSCOPE_HOST says otherwise (PORT, KUBECONFIG and
// the TLS settings honoured; scripts/lib/serve-policy.mjs decides what may be served where).
import { startNext } from './lib/next.mjs';

const dev = process.argv.includes('--dev');
try {
  const next = await startNext({ dev, host: process.env.TOKENSCOPE_HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3000) });
  console.log(`[tokenscope] ${next.url}`);
  const stop = async () => {
    await next.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`[tokenscope] ${err.message}`);
  process.exit(1);
}
