import { render } from 'preact';

function SidePanel() {
  return <h1>Claimlight</h1>;
}

render(<SidePanel />, document.getElementById('app')!);
