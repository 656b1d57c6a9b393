// npm start / npm run dev: the dashboard alone, bound to 127.0.0.1 (PORT and KUBECONFIG honoured).
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
