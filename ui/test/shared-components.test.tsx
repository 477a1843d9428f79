// @vitest-environment happy-dom
import { useState } from 'react';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionList, type AutomationAction } from '../src/components/ActionFields.js';
import { DataTable, TableHead } from '../src/components/DataTable.js';
import { FormButtons } from '../src/components/FormButtons.js';
import { NewButton, useInlineEditor, type InlineEditorProps } from '../src/components/inline-editor.js';
import { LoadMore } from '../src/components/LoadMore.js';
import { Options } from '../src/components/Options.js';

afterEach(cleanup);

describe('load more', () => {
  it('is there only while a next page exists, fetches it, and is disabled while it loads', () => {
    const fetchNextPage = vi.fn(async () => undefined);
    const { rerender } = render(<LoadMore pages={{ hasNextPage: false, isFetchingNextPage: false, fetchNextPage }} />);
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<LoadMore pages={{ hasNextPage: true, isFetchingNextPage: false, fetchNextPage }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(fetchNextPage).toHaveBeenCalledTimes(1);
    rerender(<LoadMore pages={{ hasNextPage: true, isFetchingNextPage: true, fetchNextPage }} />);
    expect((screen.getByRole('button', { name: 'Loading…' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('data table', () => {
  it('heads each column in order and leaves out a null column', () => {
    render(
      <table>
        <TableHead columns={[null, '#', <span className="sr-only">Actions</span>, 0]} />
      </table>,
    );
    const heads = screen.getAllByRole('columnheader');
    expect(heads.map((h) => h.textContent)).toEqual(['#', 'Actions', '0']);
    expect(heads.every((h) => h.getAttribute('scope') === 'col')).toBe(true);
  });

  it('wraps the table for sideways scrolling, with its class, caption and rows', () => {
    const { container } = render(
      <DataTable className="table cards per-channel" caption={<caption>2 channels</caption>} columns={['channel', 'messages']}>
        <tr>
          <td>#general</td>
          <td>3</td>
        </tr>
      </DataTable>,
    );
    const table = container.querySelector('.table-wrap > table.per-channel');
    expect(table).not.toBeNull();
    expect(screen.getByRole('table', { name: '2 channels' })).toBe(table);
    expect(within(table as HTMLElement).getAllByRole('row').map((r) => r.textContent)).toEqual(['channelmessages', '#general3']);
  });
});

describe('options', () => {
  it('makes a plain string its own value and label, and a pair [value, label]', () => {
    render(
      <select aria-label="pick" defaultValue="b">
        <Options choices={['a', ['b', 'Bee']]} />
      </select>,
    );
    const options = screen.getAllByRole('option') as HTMLOptionElement[];
    expect(options.map((o) => [o.value, o.textContent])).toEqual([
      ['a', 'a'],
      ['b', 'Bee'],
    ]);
    expect((screen.getByRole('combobox', { name: 'pick' }) as HTMLSelectElement).value).toBe('b');
  });
});

describe('form buttons', () => {
  it('submits the form, is disabled while busy, cancels, and puts the other controls first', () => {
    const submitted = vi.fn();
    const cancelled = vi.fn();
    const Form = ({ busy }: { busy: boolean }) => (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submitted();
        }}
      >
        <FormButtons submit="Create" busy={busy} onCancel={cancelled} before={<button type="button">Backtest</button>} />
      </form>
    );
    const { rerender } = render(<Form busy={false} />);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Backtest', 'Create', 'Cancel']);
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(submitted).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(cancelled).toHaveBeenCalledTimes(1);
    expect(submitted).toHaveBeenCalledTimes(1);
    rerender(<Form busy />);
    expect((screen.getByRole('button', { name: 'Create' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('action list', () => {
  const List = ({ min, initial }: { min: number; initial: AutomationAction[] }) => {
    const [actions, setActions] = useState(initial);
    return <ActionList actions={actions} kinds={['dm', 'post']} options={[]} checkId="t" min={min} added={{ kind: 'dm', content: '' }} onChange={setActions} />;
  };

  it('adds up to five actions, removes one, and keeps the minimum', () => {
    render(<List min={1} initial={[{ kind: 'post', channelId: '1', content: 'hi' }]} />);
    expect((screen.getByRole('button', { name: 'Remove action 1' }) as HTMLButtonElement).disabled).toBe(true);
    for (let i = 0; i < 4; i++) fireEvent.click(screen.getByRole('button', { name: 'Add action' }));
    expect(screen.getAllByRole('combobox', { name: 'Action' })).toHaveLength(5);
    expect((screen.getByRole('button', { name: 'Add action' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getAllByRole('textbox', { name: 'Text' })[1]!, { target: { value: 'second' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove action 1' }));
    expect(screen.getAllByRole('combobox', { name: 'Action' })).toHaveLength(4);
    expect((screen.getAllByRole('textbox', { name: 'Text' })[0] as HTMLInputElement).value).toBe('second');
  });

  it('lets a list without a minimum be emptied', () => {
    render(<List min={0} initial={[{ kind: 'dm', content: '' }]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove action 1' }));
    expect(screen.queryByRole('combobox', { name: 'Action' })).toBeNull();
  });
});

describe('inline editor', () => {
  type Item = { id: string; version: number };
  const Editor = ({ editing, onDone, heading }: InlineEditorProps<Item>) => {
    const [name, setName] = useState(editing ? `${editing.id} v${editing.version}` : '');
    return (
      <form aria-label="editor">
        <h2 ref={heading} tabIndex={-1}>
          {editing ? `Edit ${editing.id}` : 'New item'}
        </h2>
        <input aria-label="name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="button" onClick={onDone}>
          Done
        </button>
      </form>
    );
  };
  const Page = ({ items }: { items: Item[] }) => {
    const editor = useInlineEditor<Item>((i) => `${i.id}-${i.version}`);
    return (
      <section>
        {editor.isOpen ? <Editor key={editor.key} {...editor.props} /> : <NewButton editor={editor}>New item</NewButton>}
        {items.map((i) => (
          <button key={i.id} type="button" onClick={() => editor.open(i)}>
            Edit {i.id}
          </button>
        ))}
      </section>
    );
  };

  it('opens on a new item in place of "New", focuses its heading, and gives focus back on closing', () => {
    render(<Page items={[]} />);
    const add = screen.getByRole('button', { name: 'New item' });
    add.focus();
    fireEvent.click(add);
    expect(screen.queryByRole('button', { name: 'New item' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'New item' }));
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New item' }));
  });

  it('opens on an item with its values, starts afresh for another, and gives focus back to the button last pressed', () => {
    render(<Page items={[{ id: 'a', version: 1 }, { id: 'b', version: 3 }]} />);
    const editA = screen.getByRole('button', { name: 'Edit a' });
    editA.focus();
    fireEvent.click(editA);
    expect((screen.getByRole('textbox', { name: 'name' }) as HTMLInputElement).value).toBe('a v1');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Edit a' }));
    // A click focuses the button pressed (happy-dom's click does not).
    const editB = screen.getByRole('button', { name: 'Edit b' });
    editB.focus();
    fireEvent.click(editB);
    expect((screen.getByRole('textbox', { name: 'name' }) as HTMLInputElement).value).toBe('b v3');
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('form', { name: 'editor' })).toBeNull();
    expect(document.activeElement).toBe(editB);
  });
});
