-- stylebook's language server in Neovim: catalog files (topic and guideline pages, topics.yaml,
-- guidelines/*.yaml, openapi-rules.yaml, catalog.json) are checked as you type.
--
-- Put this file in your config (for instance as ~/.config/nvim/plugin/stylebook.lua) or
-- `:luafile` it. It starts `stylebook lsp` (set vim.g.stylebook_cmd to run another command)
-- once, and attaches every Markdown, YAML and JSON buffer to it; the server finds the catalog
-- of each file itself and publishes nothing for files that are not part of a catalog. One
-- server for all buffers means that every file sees the unsaved text of the others. Works with
-- Neovim 0.7 and later.

local client_id

local function start()
  local config = {
    name = 'stylebook',
    cmd = vim.g.stylebook_cmd or { 'stylebook', 'lsp' },
    -- The same for every buffer, so that Neovim 0.8 and later reuse one client.
    root_dir = vim.fn.getcwd(),
  }
  if vim.lsp.start then
    vim.lsp.start(config)
    return
  end
  -- Neovim 0.7: start the client once, attach each buffer to it.
  if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
    client_id = vim.lsp.start_client(config)
  end
  if client_id then
    vim.lsp.buf_attach_client(0, client_id)
  end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'yaml', 'json' },
  callback = start,
})
