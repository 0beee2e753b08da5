import { useEffect, useState } from 'react';
import type { AppSnapshot } from '../../shared/ipc/contract.ts';

export function App() {
  const [snapshot, setSnapshot] = useState<AppSnapshot | undefined>();
  useEffect(() => {
    void window.api['app:snapshot']({}).then((result) => {
      if (result.ok) setSnapshot(result.value);
    });
  }, []);
  return (
    <main>
      <h1>iFileConverter Desktop</h1>
      <p data-testid="version">{snapshot ? `Version ${snapshot.version}` : 'Loading…'}</p>
    </main>
  );
}
