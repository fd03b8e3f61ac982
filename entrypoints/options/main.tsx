import { render } from 'preact';

function Options() {
  return <h1>Claimlight options</h1>;
}

render(<Options />, document.getElementById('app')!);
